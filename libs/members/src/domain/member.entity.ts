import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const GENDERS = ['male', 'female', 'unknown'] as const;
export type Gender = (typeof GENDERS)[number];

/**
 * 会员: one identity per phone within a tenant (alliance or standalone merchant). Members brought
 * over from a merchant's old system may have no phone yet: the merchant's customer number
 * (member_external_ref) identifies them until they give one.
 */
export const MemberSchema = defineEntity({
  name: 'Member',
  tableName: 'member',
  uniques: [{ properties: ['tenantId', 'phone'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    phone: p.string().nullable(),
    name: p.string().nullable(),
    gender: p.enum(GENDERS).default('unknown'),
    birthday: p.string().columnType('date').nullable(),
    /** Fields of the profile a correction cleared ('name', 'gender', 'birthday'): imports and registrations do not fill them again. */
    clearedProfileFields: p.array().defaultRaw(`'{}'`),
    registeredMerchantId: p.uuid(),
    registeredStoreId: p.uuid().nullable(),
    registeredAt: p.datetime(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Member = InferEntity<typeof MemberSchema>;
