import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export interface PurchaseLine {
  sku: string;
  name?: string;
  category?: string;
  quantity: number;
  amountFen: number;
}

/** A member's paid order at a store, and what it earned. */
export const PurchaseSchema = defineEntity({
  name: 'Purchase',
  tableName: 'purchase',
  uniques: [{ properties: ['storeId', 'orderNo'] }],
  indexes: [{ properties: ['memberId', 'occurredAt'] }, { properties: ['tenantId', 'occurredAt'] }],
  checks: [
    { name: 'purchase_refunded_in_range', expression: 'refunded_fen >= 0 and refunded_fen <= amount_fen' },
    { name: 'purchase_reversed_in_range', expression: 'points_reversed >= 0 and points_reversed <= points_earned' },
  ],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    orderNo: p.string(),
    amountFen: p.bigint('number'),
    refundedFen: p.bigint('number').default(0),
    pointsEarned: p.bigint('number'),
    pointsReversed: p.bigint('number').default(0),
    lines: p.json<PurchaseLine[]>().nullable(),
    earnTransferId: p.uuid().nullable(),
    occurredAt: p.datetime(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Purchase = InferEntity<typeof PurchaseSchema>;
