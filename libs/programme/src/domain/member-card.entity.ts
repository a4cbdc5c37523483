import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * 会员卡 kinds: free (普通, no threshold), paid (付费: monthly or annual, with a start and an end,
 * renewable), level (等级卡: its grade is the member's level, upgraded automatically), internal
 * (内部卡: issued by staff to chosen members).
 */
export const CARD_KINDS = ['FREE', 'PAID', 'LEVEL', 'INTERNAL'] as const;
export type CardKind = (typeof CARD_KINDS)[number];

/** A card a merchant offers. */
export const CardTypeSchema = defineEntity({
  name: 'CardType',
  tableName: 'card_type',
  checks: [{ name: 'card_type_paid_terms', expression: "(kind = 'PAID') = (price_fen is not null and period_months is not null)" }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().index(),
    name: p.string(),
    kind: p.enum(CARD_KINDS),
    priceFen: p.bigint('number').nullable(),
    /** PAID: 1 for a monthly card, 12 for an annual one. */
    periodMonths: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type CardType = InferEntity<typeof CardTypeSchema>;

/** A card a member holds (level cards are not stored: every member holds them with their level). */
export const MemberCardSchema = defineEntity({
  name: 'MemberCard',
  tableName: 'member_card',
  uniques: [{ properties: ['cardTypeId', 'memberId'] }],
  indexes: [{ properties: ['memberId'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    cardTypeId: p.uuid(),
    memberId: p.uuid(),
    kind: p.enum(CARD_KINDS),
    startsAt: p.datetime(),
    /** PAID: the end of the period paid for; null for cards without an end. */
    endsAt: p.datetime().nullable(),
    cancelledAt: p.datetime().nullable(),
    issuedBy: p.string(),
    issueReason: p.string(),
  },
});
export type MemberCard = InferEntity<typeof MemberCardSchema>;

/** A purchase or renewal of a paid card at a store, and the period it paid for. */
export const CardPurchaseSchema = defineEntity({
  name: 'CardPurchase',
  tableName: 'card_purchase',
  uniques: [{ properties: ['storeId', 'orderNo'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberCardId: p.uuid(),
    memberId: p.uuid(),
    orderNo: p.string(),
    priceFen: p.bigint('number'),
    storedValuePaidFen: p.bigint('number'),
    periodStart: p.datetime(),
    periodEnd: p.datetime(),
    occurredAt: p.datetime(),
  },
});
export type CardPurchase = InferEntity<typeof CardPurchaseSchema>;
