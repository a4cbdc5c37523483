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
 * Records that each inbox's consumer applies its events, in the consumers' transaction, in one
 * statement however many inboxes; returns, for each, the ids of the events it had not applied
 * before: the consumer applies only those.
 */
export async function claimInboxes(tx: Tx, claims: readonly { inbox: Inbox; events: readonly IntegrationEvent[] }[]): Promise<Set<string>[]> {
  const fresh = claims.map(() => new Set<string>());
  const claiming = claims.map((claim, i) => ({ ...claim, i })).filter(({ events }) => events.length > 0);
  if (claiming.length === 0) return fresh;
  const rows = await tx.execute<{ i: number; event_id: string }[]>(
    `with ${claiming
      .map(({ inbox, i }) => `c${i} as (insert into ${inbox.table} (consumer, event_id) select ?, unnest(?::uuid[]) on conflict do nothing returning ${i} as i, event_id)`)
      .join(', ')}
     ${claiming.map(({ i }) => `select i, event_id from c${i}`).join(' union all ')}`,
    claiming.flatMap(({ inbox, events }) => [inbox.consumer, encodeBinaryArray('uuid', events.map((event) => event.id))]),
  );
  for (const row of rows) fresh[row.i].add(row.event_id);
  return fresh;
}

/** As claimInboxes for one inbox: the events it had not applied before, in order. */
export async function claimInbox<T extends IntegrationEvent>(tx: Tx, inbox: Inbox, events: readonly T[]): Promise<T[]> {
  const [fresh] = await claimInboxes(tx, [{ inbox, events }]);
  return events.filter((event) => fresh.has(event.id));
}

/**
 * Applies a delivered batch once: claims the consumer's inbox (unless the transport claimed it,
 * `Delivery.claimed`) and applies the events it had not applied before, in the relay's transaction
 * when the delivery brings one, else in a transaction of its own. In the relay's transaction the
 * next consumer applies its part after this one: this consumer's ORM changes are written and a
 * tenant it entered is left first.
 */
export async function applyOnce(
  db: Db,
  inbox: Inbox,
  events: readonly IntegrationEvent[],
  delivery: Delivery,
  apply: (tx: Tx, fresh: IntegrationEvent[]) => Promise<void>,
): Promise<void> {
  const { tx, claimed } = delivery;
  if (!tx) return db.asSystem(async (own) => apply(own, await claimInbox(own, inbox, events)));
  await apply(tx, claimed ? events.filter((event) => claimed.has(event.id)) : await claimInbox(tx, inbox, events));
  await tx.flush();
  await db.leaveTenant(tx);
}
