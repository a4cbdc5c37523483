import { type Db, encodeBinaryArray, type Tx } from '@loyalty/database';
import type { IntegrationEvent } from './contracts/integration-event';
import type { Delivery } from './event-transport';

/** A consumer's record of the events it applied: a table in the consumer's own schema, and its name. */
export interface Inbox {
  table: string;
  consumer: string;
}

/** The loyalty core's inbox table (public schema). */
export const CORE_INBOX_TABLE = 'inbox_event';

/**
 * Records that the inbox's consumer applies these events, in the consumer's own transaction, and
 * returns those it had not applied before, in order: the caller applies only those.
 */
export async function claimInbox<T extends IntegrationEvent>(tx: Tx, inbox: Inbox, events: readonly T[]): Promise<T[]> {
  if (events.length === 0) return [];
  const rows = await tx.execute<{ event_id: string }[]>(
    `insert into ${inbox.table} (consumer, event_id) select ?, unnest(?::uuid[]) on conflict do nothing returning event_id`,
    [inbox.consumer, encodeBinaryArray('uuid', events.map((event) => event.id))],
  );
  const fresh = new Set(rows.map((row) => row.event_id));
  return events.filter((event) => fresh.has(event.id));
}

/**
 * Applies a delivered batch once: claims the consumer's inbox and applies the events it had not
 * applied before, in the relay's transaction when the delivery brings one, else in a transaction of
 * its own. In the relay's transaction the next consumer applies its part after this one: this
 * consumer's ORM changes are written and a tenant it entered is left first.
 */
export async function applyOnce(
  db: Db,
  inbox: Inbox,
  events: readonly IntegrationEvent[],
  delivery: Delivery,
  apply: (tx: Tx, fresh: IntegrationEvent[]) => Promise<void>,
): Promise<void> {
  const { tx } = delivery;
  if (!tx) return db.asSystem(async (own) => apply(own, await claimInbox(own, inbox, events)));
  await apply(tx, await claimInbox(tx, inbox, events));
  await tx.flush();
  await db.leaveTenant(tx);
}
