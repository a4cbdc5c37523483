import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * The spend levels are measured by: one row per purchase (its id), net of refunds. Kept here,
 * visible tenant-wide, because an alliance's levels count spend at every merchant, while a
 * merchant sees only its own purchases.
 */
export const QualifyingSpendSchema = defineEntity({
  name: 'QualifyingSpend',
  tableName: 'qualifying_spend',
  indexes: [{ properties: ['memberId', 'occurredAt'] }],
  checks: [{ name: 'qualifying_spend_refunded_in_range', expression: 'refunded_fen >= 0 and refunded_fen <= amount_fen' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    memberId: p.uuid(),
    amountFen: p.bigint('number'),
    refundedFen: p.bigint('number').default(0),
    occurredAt: p.datetime(),
  },
});
export type QualifyingSpend = InferEntity<typeof QualifyingSpendSchema>;
