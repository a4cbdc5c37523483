import { type Db } from '@loyalty/database';
import { IntervalJob, uuidV7Floor } from '@loyalty/shared';

const DAY_MS = 86_400_000;
/** Rows deleted per statement: short transactions beside the POS writes. */
const CHUNK = 5_000;

export interface EventRetentionOptions {
  /** The outboxes of the services this process hosts. */
  outboxTables: readonly string[];
  /** Published events older than this many days are deleted; 0 keeps them. */
  outboxDays: number;
  /** The inboxes of the consumers this process hosts. */
  inboxTables: readonly string[];
  /**
   * A consumer's record of an event it applied is deleted this many days after it applied it; 0
   * keeps them. A redelivery after that would be applied again, so it must outlast every way an
   * event can come back: the relay's resend after a crash (minutes), and a replay from Kafka, which
   * keeps a message for the topic's retention plus up to a segment's age.
   */
  inboxDays: number;
}

/**
 * Keeps the event tables the size of the recent traffic: published outbox events and the inboxes'
 * records of applied events, past their retention. Both are found over their primary keys by the
 * event's id, a UUIDv7 made when the event was written; an outbox row not yet published is never
 * deleted, whatever its age. Instances running it at once skip each other's rows.
 */
export class EventRetention extends IntervalJob<{ outbox: number; inbox: number }> {
  constructor(
    private readonly db: Db,
    private readonly options: EventRetentionOptions,
    intervalMs: number,
  ) {
    super(options.outboxDays > 0 || options.inboxDays > 0 ? intervalMs : 0);
  }

  /** Deletes what is past its retention as of `asOf`; returns how many rows of each kind. */
  protected async pass(asOf: Date): Promise<{ outbox: number; inbox: number }> {
    const { outboxTables, outboxDays, inboxTables, inboxDays } = this.options;
    let outbox = 0;
    let inbox = 0;
    if (outboxDays > 0) {
      const before = uuidV7Floor(daysBefore(asOf, outboxDays));
      for (const table of outboxTables) {
        outbox += await this.deleteInChunks(`select id from ${table} where id < ?::uuid and published_at is not null order by id`, table, 'id', [before]);
      }
    }
    if (inboxDays > 0) {
      const cutoff = daysBefore(asOf, inboxDays);
      for (const table of inboxTables) {
        for (const consumer of await this.consumersOf(table)) {
          // An event is applied after it was written: its id bounds the primary key range to read.
          inbox += await this.deleteInChunks(
            `select consumer, event_id from ${table} where consumer = ? and event_id < ?::uuid and processed_at < ? order by event_id`,
            table,
            '(consumer, event_id)',
            [consumer, uuidV7Floor(cutoff), cutoff],
          );
        }
      }
    }
    if (outbox + inbox > 0) this.logger.log({ outbox, inbox, outboxDays, inboxDays }, 'event table rows past their retention deleted');
    return { outbox, inbox };
  }

  /** Deletes the rows `select` finds (their `key`), CHUNK at a time; returns how many. */
  private async deleteInChunks(select: string, table: string, key: string, params: unknown[]): Promise<number> {
    let total = 0;
    for (;;) {
      const [{ deleted }] = await this.db.asSystem((tx) =>
        tx.execute<{ deleted: number }[]>(
          `with gone as (delete from ${table} where ${key} in (${select} limit ${CHUNK} for update skip locked) returning 1)
           select count(*)::int as deleted from gone`,
          params,
        ),
      );
      total += deleted;
      if (deleted < CHUNK) return total;
    }
  }

  /** The consumers recording into an inbox, one primary key probe each. */
  private async consumersOf(table: string): Promise<string[]> {
    const rows = await this.db.asSystem((tx) =>
      tx.execute<{ consumer: string }[]>(
        `with recursive c as (
           (select consumer from ${table} order by consumer limit 1)
           union all
           select (select consumer from ${table} where consumer > c.consumer order by consumer limit 1) from c where c.consumer is not null
         ) select consumer from c where consumer is not null`,
      ),
    );
    return rows.map((row) => row.consumer);
  }
}

function daysBefore(at: Date, days: number): Date {
  return new Date(at.getTime() - days * DAY_MS);
}
