import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Points a rule gave a member for one occasion (a birthday: the year): at most once, by the unique key. */
export const RulePointsGrantSchema = defineEntity({
  name: 'RulePointsGrant',
  tableName: 'rule_points_grant',
  uniques: [{ properties: ['ruleId', 'memberId', 'ruleKey'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    ruleId: p.uuid(),
    memberId: p.uuid(),
    ruleKey: p.string(),
    points: p.bigint('number'),
    /** The ledger transfer from the merchant's issuance to the member. */
    transferId: p.uuid(),
    grantedAt: p.datetime(),
  },
});
export type RulePointsGrant = InferEntity<typeof RulePointsGrantSchema>;
