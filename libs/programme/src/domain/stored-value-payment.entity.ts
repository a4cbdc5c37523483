import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A payment from stored value at a store: how much came from principal and from bonus, and what was refunded of each. */
export const StoredValuePaymentSchema = defineEntity({
  name: 'StoredValuePayment',
  tableName: 'stored_value_payment',
  uniques: [{ properties: ['storeId', 'orderNo'] }],
  indexes: [{ properties: ['memberId', 'occurredAt'] }],
  checks: [
    { name: 'stored_value_payment_parts', expression: 'principal_fen + bonus_fen = amount_fen' },
    { name: 'stored_value_payment_refunded_principal', expression: 'refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen' },
    { name: 'stored_value_payment_refunded_bonus', expression: 'refunded_bonus_fen >= 0 and refunded_bonus_fen <= bonus_fen' },
  ],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    orderNo: p.string(),
    amountFen: p.bigint('number'),
    principalFen: p.bigint('number'),
    bonusFen: p.bigint('number'),
    refundedPrincipalFen: p.bigint('number').default(0),
    refundedBonusFen: p.bigint('number').default(0),
    occurredAt: p.datetime(),
  },
});
export type StoredValuePayment = InferEntity<typeof StoredValuePaymentSchema>;
