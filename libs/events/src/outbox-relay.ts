import { Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { type Db, encodeBinaryArray, pgArray } from '@loyalty/database';
import { EventTransport } from './event-transport';
import { CORE_OUTBOX_TABLE, type OutboxRow, toIntegrationEvent } from './outbox';

const BATCH_SIZE = 500;

/**
 * When wakes came while a pass ran and it relayed fewer than SMALL_PASS_EVENTS, the next pass starts
 * BUSY_PASS_GAP_MS after it. Under POS load passes would otherwise run back to back, each relaying
 * the few events committed meanwhile at the cost of a whole pass's round trips (19–21 with the
 * in-process consumers, in the performance log's censuses); the wait lets more commit first. At
 * 900 purchases/s: about a fifth fewer relay transactions and some 6% less CPU a purchase
 * (platform and PostgreSQL). After a larger pass (the history import's) the next starts at once, as
 * waiting after every pass read lower import rates in two A B B A sets. Passes held 100 ms apart
 * raised the p99 of purchases (performance log, 2026-12-05).
 */
const SMALL_PASS_EVENTS = 100;
const BUSY_PASS_GAP_MS = 10;

/** One relay transaction: the table read, the events it sent (0 for an empty read), its wall time. */
export interface RelayBatchReport {
  table: string;
  events: number;
  seconds: number;
}

/**
 * Moves committed outbox rows to the transport, oldest first. Rows are claimed with SKIP LOCKED so
 * several relays (several instances) never send one row twice at once; a row is marked published in
 * the same transaction that claimed it, after the transport accepted it. A crash before that commit
 * means the rows are sent again: delivery is at least once, consumers de-duplicate by event id. A
 * transport delivering in this process applies the consumers' work in the same transaction.
 */
export class OutboxRelay implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(OutboxRelay.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;
  private wakeRequested = false;
  /** Until when (performance.now()) a pass is already scheduled after a busy one: wakes then wait for it. */
  private gapUntil = -Infinity;
  /** Tables a wake named since the last pass began. */
  private readonly woken = new Set<string>();
  /** When a pass last relayed every table (performance.now()). */
  private lastFullPassAt = -Infinity;
  private stopped = false;
  private readonly batchObservers: ((batch: RelayBatchReport) => void)[] = [];

  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly pollMs: number,
    /** The outbox tables it empties: one per service schema this process hosts. */
    private readonly tables: readonly string[] = [CORE_OUTBOX_TABLE],
    /**
     * When given, only these tenants' rows are relayed (more may be added while it runs): platforms
     * sharing one database with different consumers (test files) must each deliver their own events.
     */
    private readonly tenantScope?: Set<string>,
  ) {}

  /** Called after every relay transaction that committed, with what it sent and how long it took (the host's metrics). */
  observe(observer: (batch: RelayBatchReport) => void): void {
    this.batchObservers.push(observer);
  }

  /** Adds a tenant to a relay limited to some tenants; a relay for all tenants is unchanged. */
  relayTenant(tenantId: string): void {
    this.tenantScope?.add(tenantId);
  }

  /** Rows of its tables (and tenants) created until `until` and not yet published. */
  async unpublished(until: Date): Promise<number> {
    let total = 0;
    for (const table of this.tables) {
      const [{ n }] = await this.db.asSystem((tx) =>
        tx.execute<{ n: string }[]>(`select count(*) as n from ${table} where published_at is null and created_at <= ?${this.scopeFilter()}`, [until, ...this.scopeParams()]),
      );
      total += Number(n);
    }
    return total;
  }

  onApplicationBootstrap(): void {
    this.schedule(0);
  }

  /** Stops polling, lets a pass in flight finish, then closes the transport it publishes to. */
  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.timer);
    await this.running;
    await this.transport.close();
  }

  /**
   * Asks for a relay pass soon, e.g. right after a write committed, of the tables it wrote to (all by
   * default). Client writes wake it for the core outbox alone: the other tables are read at least
   * once per poll interval, not in each of the back-to-back passes under POS load (three empty
   * reads, each a transaction, per pass).
   */
  wake(tables: readonly string[] = this.tables): void {
    for (const table of tables) if (this.tables.includes(table)) this.woken.add(table);
    if (this.running) {
      this.wakeRequested = true;
      return;
    }
    if (performance.now() < this.gapUntil) return;
    this.schedule(0);
  }

  /** Relays until every table is empty; returns how many events went out. */
  drain(): Promise<number> {
    this.lastFullPassAt = performance.now();
    return this.drainTables(this.tables);
  }

  /** A scheduled pass: the woken tables, and every table once the poll interval has passed. */
  private pass(): Promise<number> {
    const tables = this.tables.filter((table) => this.woken.has(table));
    this.woken.clear();
    return performance.now() - this.lastFullPassAt >= this.pollMs ? this.drain() : this.drainTables(tables);
  }

  private async drainTables(tables: readonly string[]): Promise<number> {
    let total = 0;
    for (const table of tables) {
      for (;;) {
        const sent = await this.relayBatch(table);
        total += sent;
        if (sent < BATCH_SIZE) break;
      }
    }
    return total;
  }

  private schedule(delayMs: number): void {
    if (this.stopped) return;
    clearTimeout(this.timer);
    this.timer = setTimeout(() => {
      let sent = 0;
      this.running = this.pass()
        .then((events) => (sent = events))
        .catch((error) => this.logger.error({ err: error }, 'outbox relay pass failed'))
        .finally(() => {
          this.running = undefined;
          // Woken while busy: the next pass with what committed meanwhile, shortly after a small pass.
          const again = this.wakeRequested;
          this.wakeRequested = false;
          const delay = !again ? this.pollMs : sent < SMALL_PASS_EVENTS ? BUSY_PASS_GAP_MS : 0;
          if (again) this.gapUntil = performance.now() + delay;
          this.schedule(delay);
        });
    }, delayMs);
    this.timer.unref();
  }

  private async relayBatch(table: string): Promise<number> {
    const startedAt = performance.now();
    const events = await this.db.asSystem(async (tx) => {
      // A plain index scan marks the entries of rows published since the last vacuum dead as it
      // passes them, and later scans skip them; the bitmap scan the planner prefers while few rows
      // are unpublished visits each such row's heap page on every pass, until autovacuum runs
      // (60,000 rows: 8–20 ms a scan against 0.3–0.4 ms; performance log, 2026-12-06 afternoon).
      // One message with the read (and the transaction's begin): the read is planned after the
      // setting. Plain text only (its scope inlined): a statement with bind parameters is one statement.
      const rows = await tx.execute<OutboxRow[]>(
        `set local enable_bitmapscan = off;
         select id, tenant_id, type, key, payload, headers, created_at from ${table}
         where published_at is null${this.scopeFilter()} order by created_at, id limit ${BATCH_SIZE} for update skip locked`,
        this.scopeParams(),
      );
      if (rows.length === 0) return 0;
      // The consumers applying the batch in this transaction plan their statements as usual.
      await tx.execute('set local enable_bitmapscan to default');
      await this.transport.publish(rows.map(toIntegrationEvent), tx);
      await tx.execute(`update ${table} set published_at = now() where id = any(?::uuid[])`, [encodeBinaryArray('uuid', rows.map((r) => r.id))]);
      return rows.length;
    });
    const seconds = (performance.now() - startedAt) / 1000;
    // A failing observer must not end the pass after its transaction committed.
    for (const observer of this.batchObservers) {
      try {
        observer({ table, events, seconds });
      } catch (error) {
        this.logger.warn({ err: error }, 'relay batch observer failed');
      }
    }
    return events;
  }

  private scopeFilter(): string {
    return this.tenantScope ? ' and tenant_id = any(?::uuid[])' : '';
  }

  private scopeParams(): unknown[] {
    return this.tenantScope ? [pgArray([...this.tenantScope])] : [];
  }
}
