/**
 * The inbox and outbox tables a service keeps in its own schema, for its hand-written first
 * migration (the loyalty core's, in public, come from its entities).
 */
export const inboxTableStatement = (schema: string): string => `create table ${schema}.inbox_event (
      consumer text not null,
      event_id uuid not null,
      processed_at timestamptz not null default now(),
      primary key (consumer, event_id)
    );`;

export const outboxTableStatements = (schema: string): string[] => [
  `create table ${schema}.outbox_event (
      id uuid primary key,
      tenant_id uuid not null,
      type text not null,
      key text not null,
      payload jsonb not null,
      headers jsonb not null,
      created_at timestamptz not null,
      published_at timestamptz
    );`,
  `create index outbox_event_unpublished on ${schema}.outbox_event (created_at, id) where published_at is null;`,
];
