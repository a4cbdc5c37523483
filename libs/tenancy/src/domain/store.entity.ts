import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const STORE_KINDS = ['direct', 'franchise'] as const;
export type StoreKind = (typeof STORE_KINDS)[number];

/** 门店: 直营 direct or 加盟 franchise. */
export const StoreSchema = defineEntity({
  name: 'Store',
  tableName: 'store',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    merchantId: p.uuid().index(),
    name: p.string(),
    kind: p.enum(STORE_KINDS),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Store = InferEntity<typeof StoreSchema>;
