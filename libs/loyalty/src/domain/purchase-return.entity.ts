import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * Money given back to a member: a refund of a known purchase (purchaseId set) or a return without
 * the original order. Records how many points were clawed back and how many are still owed.
 */
export const PurchaseReturnSchema = defineEntity({
  name: 'PurchaseReturn',
  tableName: 'purchase_return',
  indexes: [{ properties: ['memberId', 'occurredAt'] }, { properties: ['purchaseId'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    purchaseId: p.uuid().nullable(),
    reference: p.string().nullable(),
    amountFen: p.bigint('number'),
    pointsClawedBack: p.bigint('number'),
    /** Points the member had already spent: recorded as a debt settled from future earnings. */
    pointsOwed: p.bigint('number').default(0),
    occurredAt: p.datetime(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type PurchaseReturn = InferEntity<typeof PurchaseReturnSchema>;
