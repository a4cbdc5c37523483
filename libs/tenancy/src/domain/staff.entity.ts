import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const STAFF_ROLES = ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/** A person who logs in to the console or GraphQL API. */
export const StaffSchema = defineEntity({
  name: 'Staff',
  tableName: 'staff',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().nullable().index(),
    merchantId: p.uuid().nullable(),
    storeId: p.uuid().nullable(),
    email: p.string().unique(),
    name: p.string(),
    passwordHash: p.string().hidden(),
    role: p.enum(STAFF_ROLES),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    disabledAt: p.datetime().nullable(),
  },
});
export type Staff = InferEntity<typeof StaffSchema>;
