import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A completed client write and the response it got, keyed by the client's Idempotency-Key. */
export const IdempotencyRecordSchema = defineEntity({
  name: 'IdempotencyRecord',
  tableName: 'idempotency_record',
  primaryKeys: ['scope', 'key'],
  properties: {
    /** Whose keys these are: the POS store id. */
    scope: p.uuid().primary(),
    key: p.string().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    requestHash: p.string(),
    status: p.integer(),
    response: p.json<unknown>(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type IdempotencyRecord = InferEntity<typeof IdempotencyRecordSchema>;
