import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { GROWTH_BEHAVIOURS } from './level-rules';

/**
 * 成长值增减原因: growth value awarded for one behaviour, with its ledger transfer, the member's
 * local day (for daily caps) and what was taken back when its purchase was refunded.
 */
export const GrowthAwardSchema = defineEntity({
  name: 'GrowthAward',
  tableName: 'growth_award',
  indexes: [{ properties: ['memberId', 'behaviour', 'localDay'] }, { properties: ['purchaseId'] }],
  checks: [{ name: 'growth_award_reversed_in_range', expression: 'reversed >= 0 and reversed <= amount' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    memberId: p.uuid(),
    behaviour: p.enum(GROWTH_BEHAVIOURS),
    amount: p.bigint('number'),
    reversed: p.bigint('number').default(0),
    transferId: p.uuid(),
    purchaseId: p.uuid().nullable(),
    reference: p.string().nullable(),
    localDay: p.string().columnType('date'),
    occurredAt: p.datetime(),
  },
});
export type GrowthAward = InferEntity<typeof GrowthAwardSchema>;
