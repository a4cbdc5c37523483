import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * 次卡 / 月卡 / 年卡 a merchant sells: N uses of a service (uses null: unlimited uses, a time card)
 * within a validity after the sale.
 */
export const VisitCardProductSchema = defineEntity({
  name: 'VisitCardProduct',
  tableName: 'visit_card_product',
  checks: [{ name: 'visit_card_product_uses_positive', expression: 'uses is null or uses > 0' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().index(),
    name: p.string(),
    service: p.string(),
    uses: p.integer().nullable(),
    priceFen: p.bigint('number'),
    validDays: p.integer(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type VisitCardProduct = InferEntity<typeof VisitCardProductSchema>;

/** A visit card a member bought: uses left (null: unlimited until it expires). */
export const VisitCardSchema = defineEntity({
  name: 'VisitCard',
  tableName: 'visit_card',
  uniques: [{ properties: ['storeId', 'orderNo'] }],
  indexes: [{ properties: ['memberId', 'expiresAt'] }],
  checks: [{ name: 'visit_card_uses_in_range', expression: 'uses_left is null or (uses_left >= 0 and uses_left <= uses_total)' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    productId: p.uuid(),
    orderNo: p.string(),
    service: p.string(),
    usesTotal: p.integer().nullable(),
    usesLeft: p.integer().nullable(),
    priceFen: p.bigint('number'),
    /** Paid from stored value (the rest at the till). */
    storedValuePaidFen: p.bigint('number'),
    soldAt: p.datetime(),
    expiresAt: p.datetime(),
  },
});
export type VisitCard = InferEntity<typeof VisitCardSchema>;

/** One use of a visit card (核销), at a store. */
export const VisitCardUseSchema = defineEntity({
  name: 'VisitCardUse',
  tableName: 'visit_card_use',
  indexes: [{ properties: ['cardId', 'usedAt'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    cardId: p.uuid(),
    memberId: p.uuid(),
    uses: p.integer(),
    usedAt: p.datetime(),
  },
});
export type VisitCardUse = InferEntity<typeof VisitCardUseSchema>;
