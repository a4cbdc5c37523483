import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A merchant's own customer number for a member (its old system's id); unique per merchant. */
export const MemberExternalRefSchema = defineEntity({
  name: 'MemberExternalRef',
  tableName: 'member_external_ref',
  primaryKeys: ['merchantId', 'externalId'],
  properties: {
    merchantId: p.uuid().primary(),
    externalId: p.string().primary(),
    tenantId: p.uuid(),
    memberId: p.uuid().index(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type MemberExternalRef = InferEntity<typeof MemberExternalRefSchema>;
