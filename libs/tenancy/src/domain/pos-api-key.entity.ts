import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A cashier terminal's credential for one store. The secret is shown once and stored hashed. */
export const PosApiKeySchema = defineEntity({
  name: 'PosApiKey',
  tableName: 'pos_api_key',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    name: p.string(),
    /** The public, non-secret start of the key, used to find its row. */
    prefix: p.string().unique(),
    secretHash: p.string().hidden(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
    revokedAt: p.datetime().nullable(),
  },
});
export type PosApiKey = InferEntity<typeof PosApiKeySchema>;
