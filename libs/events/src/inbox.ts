import { pgArray, type Tx } from '@loyalty/database';

/** A consumer's record of the events it applied: a table in the consumer's own schema, and its name. */
export interface Inbox {
  table: string;
  consumer: string;
}

/** The loyalty core's inbox table (public schema). */
export const CORE_INBOX_TABLE = 'inbox_event';

/**
 * Records that the inbox's consumer applied these events, in the consumer's own transaction, and
 * returns the ids it had not applied before: the caller applies only those.
 */
export async function claimInbox(tx: Tx, inbox: Inbox, eventIds: string[]): Promise<Set<string>> {
  if (eventIds.length === 0) return new Set();
  const rows = await tx.execute<{ event_id: string }[]>(
    `insert into ${inbox.table} (consumer, event_id) select ?, unnest(?::uuid[]) on conflict do nothing returning event_id`,
    [inbox.consumer, pgArray(eventIds)],
  );
  return new Set(rows.map((row) => row.event_id));
}
