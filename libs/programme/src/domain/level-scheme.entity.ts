import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { GrowthRule, LevelDefinition } from './level-rules';

/**
 * 会员等级方案: the levels of a merchant (merchantId set) or of the whole tenant (the alliance's,
 * merchantId null), lowest first, with their conditions and benefits, the level validity and the
 * growth-value rules. A merchant's own scheme takes precedence over the tenant's.
 */
export const LevelSchemeSchema = defineEntity({
  name: 'LevelScheme',
  tableName: 'level_scheme',
  /** scopeId: the merchant, or the tenant itself for a tenant-wide scheme: one scheme per scope. */
  uniques: [{ properties: ['tenantId', 'scopeId'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().nullable(),
    scopeId: p.uuid(),
    name: p.string(),
    /** The zone validity periods are counted in (the merchant's or alliance's). */
    timezone: p.string(),
    validityMonths: p.integer().nullable(),
    levels: p.json<LevelDefinition[]>(),
    growthRules: p.json<GrowthRule[]>(),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type LevelScheme = InferEntity<typeof LevelSchemeSchema>;
