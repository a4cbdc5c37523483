import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Db } from '@loyalty/database';
import { conflict, DomainError } from '@loyalty/shared';
import { importHistory, type ImportSummary, type ReadHistory } from './history-import';

/**
 * Imports running at once in one process: an upload's invoices stay on the platform's heap (capped
 * at 320 MB old space) until its job ends (28 MB for a 16 MiB upload; its bytes are let go once read),
 * and a 16 MiB upload took the platform's RSS to 361–383 MB (performance log, 2026-12-07 night).
 */
const IMPORTS_AT_ONCE = 1;

/** A job is presumed dead when its heartbeat is older than this (a live one beats every 10 s). */
export const IMPORT_STALE_AFTER = '1 minute';
const HEARTBEAT_MS = 10_000;

export const HISTORY_IMPORT_OPTIONS = Symbol('HISTORY_IMPORT_OPTIONS');
export interface HistoryImportOptions {
  /** A running import with no progress (its members in, a window of invoices done) for this long reports IMPORT_STALLED. */
  stallAfterMs: number;
}

export interface ImportJobTarget {
  id: string;
  merchantId: string;
  storeId: string;
}

/** The counts of a summary as the job's columns. */
function counts(summary: ImportSummary) {
  return [
    summary.rowsRead,
    summary.purchases,
    summary.returns,
    summary.membersCreated,
    summary.membersMatched,
    summary.alreadyImported,
    JSON.stringify(summary.skippedRows),
    JSON.stringify(summary.refused),
    JSON.stringify([
      ...summary.malformedRows.map((row) => ({ line: row.line, code: 'ROW_MALFORMED', message: row.reason })),
      ...summary.notTaken.map((row) => ({ line: row.line, code: row.code, message: row.reason })),
      ...summary.refusedInvoices.map((invoice) => ({ line: invoice.line, code: invoice.code, message: `${invoice.invoiceNo}: ${invoice.message}` })),
    ]),
  ];
}
/** Progress clears a stall's report, and nothing else. */
const MOVING = `error_code = nullif(error_code, 'IMPORT_STALLED'), error_message = case when error_code = 'IMPORT_STALLED' then null else error_message end`;
const COUNT_COLUMNS = 'rows_read = ?, purchases = ?, returns = ?, members_created = ?, members_matched = ?, already_imported = ?, skipped = ?, refused = ?, errors = ?';

/**
 * Runs an uploaded history file through the import use case in the background, writing its progress
 * to the job after the members and after each window of invoices, and a heartbeat meanwhile. The
 * job ends succeeded, or failed with the error's code; a process that dies leaves a heartbeat that
 * goes stale, and the job reads as failed (IMPORT_INTERRUPTED). An import that stops moving (its
 * writes waiting on a lock someone holds, most likely) stays running with the code IMPORT_STALLED,
 * logged, until it moves again; it keeps its slot: its invoices are still on the heap, and its
 * writes may still go on.
 */
@Injectable()
export class HistoryImportRunner {
  private readonly logger = new Logger(HistoryImportRunner.name);

  constructor(
    private readonly db: Db,
    private readonly modules: ModuleRef,
    @Inject(HISTORY_IMPORT_OPTIONS) private readonly options: HistoryImportOptions,
  ) {}

  private running = 0;

  /** Refuses with 409 IMPORT_BUSY while every one of the process's import slots is taken. */
  refuseWhenBusy(): void {
    if (this.running >= IMPORTS_AT_ONCE) {
      throw conflict('IMPORT_BUSY', 'Another history import is running on this server; upload the file again when it has finished');
    }
  }

  /**
   * Takes one of the process's import slots for an upload about to be checked and run, or refuses
   * with 409 IMPORT_BUSY; the function returned gives it back (once), and `start` calls it when
   * the job ends.
   */
  claimSlot(): () => void {
    this.refuseWhenBusy();
    this.running++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.running--;
    };
  }

  start(job: ImportJobTarget, read: ReadHistory, releaseSlot: () => void): Promise<void> {
    return this.run(job, read, releaseSlot)
      .catch((error) => this.logger.error({ err: error, jobId: job.id }, 'history import job could not record its end'))
      .finally(releaseSlot);
  }

  /** Gives the slot back once the import is over, before the job reads as ended: an upload that saw it end is not refused. */
  private async run(job: ImportJobTarget, read: ReadHistory, releaseSlot: () => void): Promise<void> {
    const write = (sql: string, params: unknown[], condition = 'true') =>
      this.db.asSystem((tx) => tx.execute(`update history_import_job set ${sql}, heartbeat_at = now() where id = ? and ${condition}`, [...params, job.id]));
    // Progress arrives synchronously from the import; its writes, and a stall's, go one after another.
    let progress = Promise.resolve();
    let movedAt = Date.now();
    let stalled = false;
    const heartbeat = setInterval(() => {
      const { stallAfterMs } = this.options;
      if (stalled || Date.now() - movedAt <= stallAfterMs) return void write('status = status', []).catch(() => undefined);
      stalled = true;
      this.logger.error({ jobId: job.id, merchantId: job.merchantId, stallAfterMs }, 'history import stalled: no progress, its writes most likely waiting on a lock');
      const message =
        `No progress for ${Math.round(stallAfterMs / 1000)} s: its writes are most likely waiting on a lock in the database. ` +
        'It goes on when they are let go; until then this server takes no other import.';
      // Only on a job still running: one a reader found without heartbeat reads as failed (IMPORT_INTERRUPTED).
      progress = progress
        .then(() => write(`error_code = 'IMPORT_STALLED', error_message = ?`, [message], `status = 'running'`))
        .then(() => undefined, () => undefined);
    }, Math.min(HEARTBEAT_MS, this.options.stallAfterMs / 2));
    heartbeat.unref();
    try {
      let summary: ImportSummary;
      try {
        summary = await importHistory(
          { get: (token) => this.modules.get(token, { strict: false }) },
          {
            file: read,
            merchantId: job.merchantId,
            storeId: job.storeId,
            window: 500,
            onProgress: (done, total, sofar) => {
              movedAt = Date.now();
              stalled = false;
              const row = [...counts(sofar), done, total];
              progress = progress.then(() => write(`${MOVING}, phase = 'invoices', ${COUNT_COLUMNS}, invoices_done = ?, invoices_total = ?`, row).then(() => undefined));
            },
          },
        );
      } finally {
        // No stall is reported once the import is over: the job's end is written next.
        clearInterval(heartbeat);
      }
      await progress;
      releaseSlot();
      // Its error columns cleared too: a reader may have failed the job as interrupted while it still ran.
      await write(`status = 'succeeded', phase = 'done', finished_at = now(), error_code = null, error_message = null, ${COUNT_COLUMNS}`, counts(summary));
    } catch (error) {
      await progress.catch(() => undefined);
      releaseSlot();
      const known = error instanceof DomainError;
      if (!known) this.logger.error({ err: error, jobId: job.id }, 'history import failed');
      await write(`status = 'failed', finished_at = now(), error_code = ?, error_message = ?`, [
        known ? error.code : 'IMPORT_FAILED',
        known ? error.message : 'The import stopped on an unexpected error; it has been logged. Importing the file again imports nothing twice.',
      ]);
    }
  }
}
