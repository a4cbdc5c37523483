import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const LEVEL_CHANGE_REASONS = ['UPGRADE', 'DOWNGRADE', 'RETAINED', 'MANUAL'] as const;
export type LevelChangeReason = (typeof LEVEL_CHANGE_REASONS)[number];

/** 等级变更历史: every change of a member's level, and every retention, with why. */
export const MemberLevelChangeSchema = defineEntity({
  name: 'MemberLevelChange',
  tableName: 'member_level_change',
  indexes: [{ properties: ['memberId', 'occurredAt'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().nullable(),
    schemeId: p.uuid(),
    memberId: p.uuid(),
    /** Null when the member held the entry level implicitly. */
    fromCode: p.string().nullable(),
    toCode: p.string(),
    reason: p.enum(LEVEL_CHANGE_REASONS),
    /** Which conditions were met, or the staff member's reason for a manual change. */
    note: p.text(),
    orderNo: p.string().nullable(),
    actorId: p.string(),
    occurredAt: p.datetime(),
  },
});
export type MemberLevelChange = InferEntity<typeof MemberLevelChangeSchema>;
