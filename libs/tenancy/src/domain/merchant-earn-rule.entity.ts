import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * One version of a merchant's earn terms (积分规则: points per yuan and how long points last), in
 * force from `effectiveFrom` until the next version's. A purchase earns by the version in force at
 * the time it happened, so a rule change never alters what earlier purchases earn, also when they
 * reach the platform later (offline POS, history imports). The version a merchant starts with has
 * no `effectiveFrom`: it covers all time before the first change.
 */
export const MerchantEarnRuleSchema = defineEntity({
  name: 'MerchantEarnRule',
  tableName: 'merchant_earn_rule',
  uniques: [{ name: 'merchant_earn_rule_effective_from', properties: ['merchantId', 'effectiveFrom'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    /** Null for the merchant's first version: from the beginning. */
    effectiveFrom: p.datetime().nullable(),
    pointsPerYuan: p.integer(),
    pointsExpiryMonths: p.integer(),
    /** The staff member (or process) who made the change. */
    createdBy: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type MerchantEarnRule = InferEntity<typeof MerchantEarnRuleSchema>;
