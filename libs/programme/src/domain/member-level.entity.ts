import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * A member's level under a scheme. No row: the scheme's first level (普通, held from
 * registration). validUntil is when the retention review (保级) looks at it again.
 */
export const MemberLevelSchema = defineEntity({
  name: 'MemberLevel',
  tableName: 'member_level',
  uniques: [{ properties: ['schemeId', 'memberId'] }],
  indexes: [{ properties: ['validUntil'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().nullable(),
    schemeId: p.uuid(),
    memberId: p.uuid(),
    levelCode: p.string(),
    since: p.datetime(),
    validUntil: p.datetime().nullable(),
  },
});
export type MemberLevel = InferEntity<typeof MemberLevelSchema>;
