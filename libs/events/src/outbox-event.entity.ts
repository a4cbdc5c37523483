import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** An integration event written in the same transaction as the change it reports. */
export const OutboxEventSchema = defineEntity({
  name: 'OutboxEvent',
  tableName: 'outbox_event',
  // Only unpublished rows, in the relay's order: the index stays as small as the backlog, and
  // marking a row published drops it instead of adding an entry (as the other schemas' outboxes).
  indexes: [{ name: 'outbox_event_unpublished', expression: 'create index "outbox_event_unpublished" on "outbox_event" ("created_at", "id") where "published_at" is null' }],
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
