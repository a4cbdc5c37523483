import { type Db } from '@loyalty/database';
import { IntervalJob, uuidV7Floor } from '@loyalty/shared';

const DAY_MS = 86_400_000;
/** Rows deleted per statement: short transactions beside the POS writes. */
const CHUNK = 5_000;

/**
 * Deletes published events from the outboxes once they are `retentionDays` old (by their id, a
 * UUIDv7 made when the event was written: the primary key serves the range), so the tables and the
 * relay's index stay the size of the recent traffic. A row not yet published is never deleted,
 * whatever its age. Instances running it at once skip each other's rows.
 */
export class OutboxRetention extends IntervalJob<number> {
  constructor(
    private readonly db: Db,
    private readonly tables: readonly string[],
    private readonly retentionDays: number,
    intervalMs: number,
  ) {
    super(retentionDays > 0 ? intervalMs : 0);
  }

  /** Deletes what was published and written before `asOf` less the retention; returns how many rows. */
  protected async pass(asOf: Date): Promise<number> {
    if (this.retentionDays <= 0) return 0;
    const before = uuidV7Floor(new Date(asOf.getTime() - this.retentionDays * DAY_MS));
    let total = 0;
    for (const table of this.tables) {
      for (;;) {
        const [{ deleted }] = await this.db.asSystem((tx) =>
          tx.execute<{ deleted: number }[]>(
            `with gone as (
               delete from ${table} where id in (select id from ${table} where id < ?::uuid and published_at is not null order by id limit ${CHUNK} for update skip locked)
               returning 1
             ) select count(*)::int as deleted from gone`,
            [before],
          ),
        );
        total += deleted;
        if (deleted < CHUNK) break;
      }
    }
    if (total > 0) this.logger.log({ rows: total, retentionDays: this.retentionDays }, 'published outbox events deleted');
    return total;
  }
}
