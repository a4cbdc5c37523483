import { Logger, type OnApplicationShutdown } from '@nestjs/common';
import { DomainError } from '@loyalty/shared';
import { type Db, discardHooksSince, hooksMark, type Tx } from './db';
import { claimKeys, idempotencyConflict, releaseClaims, storeResponses, type WriteJob, type WriteOutcome } from './idempotent-writes';

export type JobOutcome<T = unknown> = { ok: true; outcome: WriteOutcome<T> } | { ok: false; error: DomainError };

/** A kind of client write the batcher can apply, many jobs at a time, inside a transaction. */
export interface BatchableWrite<TData = unknown, TResult = unknown> {
  /**
   * True for handlers that apply each job in a savepoint: together they get at most
   * SAVEPOINT_BATCH_LIMIT jobs a batch, under PostgreSQL's 64 cached subtransactions per
   * transaction, past which every session's snapshots slow down.
   */
  readonly usesSavepoints?: boolean;
  /**
   * True for handlers that take one tenant's jobs of several merchants in one applyBatch: the batch
   * then enters the tenant narrowed to no merchant when its jobs span several, and the handler writes
   * each row with its job's merchant (`eachMerchant` narrows the parts that need it). Others get
   * one merchant's jobs at a time, narrowed to it.
   */
  readonly spansMerchants?: boolean;
  /** Applies fresh jobs (keys claimed) of one tenant, and of one merchant unless `spansMerchants`; one outcome per job, in order. */
  applyBatch(tx: Tx, jobs: WriteJob<TData>[]): Promise<JobOutcome<TResult>[]>;
}

/**
 * Applies jobs one at a time, each inside a savepoint, so a job that fails with a DomainError
 * leaves no trace and does not fail the others. The default for writes without a set-based form.
 */
/** Most savepoint-applied jobs in one batch (one transaction), whatever their handlers. */
export const SAVEPOINT_BATCH_LIMIT = 50;

export async function applyEachInSavepoint<TData, TResult>(
  tx: Tx,
  jobs: WriteJob<TData>[],
  apply: (tx: Tx, job: WriteJob<TData>) => Promise<WriteOutcome<TResult>>,
): Promise<JobOutcome<TResult>[]> {
  const outcomes: JobOutcome<TResult>[] = [];
  for (const job of jobs) {
    await tx.execute('savepoint write_job');
    const mark = hooksMark(tx);
    try {
      outcomes.push({ ok: true, outcome: await apply(tx, job) });
      await tx.execute('release savepoint write_job');
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      // Released too, so that a write nested in another (a plugin's POS write paying from stored
      // value) leaves the name to the outer savepoint, which a failure there then rolls back to.
      await tx.execute('rollback to savepoint write_job');
      await tx.execute('release savepoint write_job');
      // Neither the entities nor the after-commit hooks of the rolled-back job may outlive it.
      tx.clear();
      discardHooksSince(tx, mark);
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}

export interface WriteBatcherOptions {
  /** Most jobs in one transaction. */
  maxBatch: number;
  /** Batches in flight at once: while one commits, the next can already work. */
  maxInFlight: number;
}

/** One batch as the batcher ran it: its jobs, its transaction's wall time, whether it committed. */
export interface BatchReport {
  jobs: number;
  seconds: number;
  committed: boolean;
}

interface Queued {
  handler: BatchableWrite;
  job: WriteJob;
  resolve(outcome: WriteOutcome & { replayed: boolean }): void;
  reject(error: unknown): void;
}

/**
 * Group commit for client writes, after TigerBeetle: writes that arrive while a batch runs wait
 * for the next one, and each batch is one transaction, so one commit (and one fsync) serves many
 * requests and hot rows (a merchant's issuance account) are locked once per batch, not once per
 * request. Durability is unchanged: a request is answered only after its batch committed.
 * Every job keeps its own outcome; a batch that fails unexpectedly is retried job by job.
 */
export class WriteBatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(WriteBatcher.name);
  private queue: Queued[] = [];
  private inFlight = 0;
  private pumpScheduled = false;
  private readonly committedListeners: (() => void)[] = [];
  private readonly batchObservers: ((batch: BatchReport) => void)[] = [];
  private idle?: { promise: Promise<void>; resolve(): void };

  constructor(
    private readonly db: Db,
    private readonly options: WriteBatcherOptions,
  ) {}

  /** Called after every batch that committed something (the outbox relay wakes up). */
  onCommitted(listener: () => void): void {
    this.committedListeners.push(listener);
  }

  /** Called after every batch's transaction, committed or not, with its size and duration (the host's metrics). */
  observe(observer: (batch: BatchReport) => void): void {
    this.batchObservers.push(observer);
  }

  submit<TData, TResult>(handler: BatchableWrite<TData, TResult>, job: WriteJob<TData>): Promise<WriteOutcome<TResult> & { replayed: boolean }> {
    return new Promise((resolve, reject) => {
      this.queue.push({ handler: handler as BatchableWrite, job, resolve: resolve as Queued['resolve'], reject });
      this.schedulePump();
    });
  }

  /**
   * Starts batches once this turn of the event loop is done, so the writes submitted in it share
   * the first (an import's window of invoices, requests read from several sockets at once) instead
   * of the first running alone in a transaction of its own.
   */
  private schedulePump(): void {
    if (this.pumpScheduled) return;
    this.pumpScheduled = true;
    setImmediate(() => {
      this.pumpScheduled = false;
      this.pump();
    });
  }

  async onApplicationShutdown(): Promise<void> {
    if (this.inFlight === 0 && this.queue.length === 0) return;
    this.idle ??= (() => {
      let resolve!: () => void;
      return { promise: new Promise<void>((r) => (resolve = r)), resolve: () => resolve() };
    })();
    await this.idle.promise;
  }

  private pump(): void {
    while (this.inFlight < this.options.maxInFlight && this.queue.length > 0) {
      const batch = this.takeBatch();
      this.inFlight++;
      void this.run(batch).finally(() => {
        this.inFlight--;
        if (this.inFlight === 0 && this.queue.length === 0) this.idle?.resolve();
        this.pump();
      });
    }
  }

  /** The next jobs, at most one per (store, key): a repeated key waits for the first's answer. */
  private takeBatch(): Queued[] {
    const batch: Queued[] = [];
    const rest: Queued[] = [];
    const keys = new Set<string>();
    let savepoints = 0;
    for (const queued of this.queue) {
      const id = `${queued.job.ctx.storeId}|${queued.job.key}`;
      const savepoint = queued.handler.usesSavepoints ? 1 : 0;
      if (batch.length < this.options.maxBatch && savepoints + savepoint <= SAVEPOINT_BATCH_LIMIT && !keys.has(id)) {
        keys.add(id);
        savepoints += savepoint;
        batch.push(queued);
      } else {
        rest.push(queued);
      }
    }
    this.queue = rest;
    return batch;
  }

  private async run(batch: Queued[]): Promise<void> {
    let results: { queued: Queued; result: JobOutcome & { replayed?: boolean } }[];
    const startedAt = performance.now();
    const report = (committed: boolean) => {
      const seconds = (performance.now() - startedAt) / 1000;
      // A failing observer must neither fail the batch nor leave its requests unanswered.
      for (const observer of this.batchObservers) {
        try {
          observer({ jobs: batch.length, seconds, committed });
        } catch (error) {
          this.logger.warn({ err: error }, 'write batch observer failed');
        }
      }
    };
    try {
      results = await this.db.asSystem((tx) => this.apply(tx, batch));
    } catch (error) {
      report(false);
      if (batch.length === 1) {
        batch[0].reject(error);
        return;
      }
      this.logger.warn({ err: error, jobs: batch.length }, 'batch failed; retrying its jobs one by one');
      for (const queued of batch) await this.run([queued]);
      return;
    }
    report(true);
    for (const { queued, result } of results) {
      if (result.ok) queued.resolve({ ...result.outcome, replayed: result.replayed ?? false });
      else queued.reject(result.error);
    }
    if (results.some(({ result }) => result.ok && !result.replayed)) for (const listener of this.committedListeners) listener();
  }

  /**
   * Per handler and tenant (and merchant, unless the handler spans merchants): enter the tenant
   * (row-level security), claim keys, apply, record. Each group costs its own statements, so an
   * alliance's purchases at many merchants share one group.
   */
  private async apply(tx: Tx, batch: Queued[]) {
    const groups = new Map<string, Queued[]>();
    for (const queued of batch) {
      const { tenantId, merchantId } = queued.job.ctx;
      const key = `${this.handlerId(queued.handler)}|${tenantId}|${queued.handler.spansMerchants ? '' : merchantId}`;
      const group = groups.get(key);
      if (group) group.push(queued);
      else groups.set(key, [queued]);
    }
    const results: { queued: Queued; result: JobOutcome & { replayed?: boolean } }[] = [];
    for (const group of groups.values()) {
      const { ctx } = group[0].job;
      await this.db.enterTenant(tx, group.some((q) => q.job.ctx.merchantId !== ctx.merchantId) ? { ...ctx, merchantId: null } : ctx);
      const claims = await claimKeys(tx, group.map((q) => q.job));
      const fresh: Queued[] = [];
      group.forEach((queued, i) => {
        const claim = claims[i];
        if (claim.claimed) fresh.push(queued);
        else if ('replay' in claim) results.push({ queued, result: { ok: true, outcome: claim.replay, replayed: true } });
        else results.push({ queued, result: { ok: false, error: idempotencyConflict() } });
      });
      if (fresh.length === 0) continue;
      const outcomes = await group[0].handler.applyBatch(
        tx,
        fresh.map((q) => q.job),
      );
      const succeeded: { job: WriteJob; outcome: WriteOutcome }[] = [];
      const failedJobs: WriteJob[] = [];
      fresh.forEach((queued, i) => {
        const outcome = outcomes[i];
        results.push({ queued, result: outcome });
        if (outcome.ok) succeeded.push({ job: queued.job, outcome: outcome.outcome });
        else failedJobs.push(queued.job);
      });
      await storeResponses(tx, succeeded);
      await releaseClaims(tx, failedJobs);
    }
    return results;
  }

  private readonly handlerIds = new Map<BatchableWrite, number>();
  private handlerId(handler: BatchableWrite): number {
    if (!this.handlerIds.has(handler)) this.handlerIds.set(handler, this.handlerIds.size);
    return this.handlerIds.get(handler)!;
  }
}
