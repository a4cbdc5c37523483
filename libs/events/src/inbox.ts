import type { Tx } from '@loyalty/database';

/**
 * Records that `consumer` applied event `eventId`, in the consumer's own transaction. Returns false
 * when it already had: the caller then skips the event's effect.
 */
export async function claimInbox(tx: Tx, consumer: string, eventId: string): Promise<boolean> {
  const rows = await tx.execute<unknown[]>(
    'insert into inbox_event (consumer, event_id) values (?, ?) on conflict do nothing returning event_id',
    [consumer, eventId],
  );
  return rows.length === 1;
}
