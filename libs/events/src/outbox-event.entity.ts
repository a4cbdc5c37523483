import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An integration event written in the same transaction as the change it reports. */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  indexes: [{ properties: ['publishedAt', 'createdAt'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    /** Versioned type, e.g. points.earned.v1. */
    type: p.string(),
    /** Partition key: events with one key keep their order (the member id). */
    key: p.string(),
    payload: p.json<Record<string, unknown>>(),
    headers: p.json<Record<string, string>>(),
    createdAt: p.datetime(),
    publishedAt: p.datetime().nullable(),
  },
});
export type OutboxEvent = InferEntity<typeof OutboxEventSchema>;

/** Events a consumer has applied, so redelivery takes effect once. */
export const InboxEventSchema = defineEntity({
  name: 'InboxEvent',
  tableName: 'inbox_event',
  primaryKeys: ['consumer', 'eventId'],
  properties: {
    consumer: p.string().primary(),
    eventId: p.uuid().primary(),
    processedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type InboxEvent = InferEntity<typeof InboxEventSchema>;
