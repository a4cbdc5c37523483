import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, notFound, parseInput, type RequestContext, unprocessable, uuidSchema } from '@loyalty/shared';
import { MerchantDirectory, requireRole } from '@loyalty/tenancy';
import { z } from 'zod';
import type { HistoryFile } from '../history-import/history-file';
import { readInvoices, type ReadHistory } from '../history-import/history-import';
import { HistoryImportRunner } from '../history-import/history-import.runner';
import { storesNamed } from '../history-import/history-stores';
import { type HistoryImportView, loadHistoryImport } from '../queries/history-imports.query';

const startInput = z.object({ storeId: uuidSchema, fileName: z.string().trim().min(1).max(255).nullish() });

export class StartHistoryImportCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
    /** The CSV, in the UCI Online Retail layout the CLI imports, and the charset its upload named, if any. */
    readonly file: HistoryFile,
  ) {}
}

/**
 * 导入历史数据: a merchant admin's upload of a store's POS history (or of several stores', each row's
 * store named in a store column, the store chosen then not used). The whole file is checked
 * first (header, every row, the stores named), and a file with a bad row is refused with each bad
 * line (422 IMPORT_ROWS_INVALID), nothing written; a good one becomes a job that imports in the background
 * (HistoryImportRunner) and is answered at once. Invoices are imported under keys of their numbers,
 * so the same file again imports nothing twice.
 */
@CommandHandler(StartHistoryImportCommand)
export class StartHistoryImportHandler implements ICommandHandler<StartHistoryImportCommand, HistoryImportView> {
  constructor(
    private readonly db: Db,
    private readonly merchants: MerchantDirectory,
    private readonly runner: HistoryImportRunner,
  ) {}

  async execute({ ctx, input, file }: StartHistoryImportCommand): Promise<HistoryImportView> {
    requireRole(ctx, 'MERCHANT_ADMIN');
    const data = parseInput(startInput, input);
    // Row-level security shows a merchant admin their own merchant's stores only.
    const store = await this.db.inTenant(ctx, async (tx) => {
      const [found] = await tx.execute<{ id: string; merchantId: string }[]>('select id, merchant_id as "merchantId" from store where id = ?', [data.storeId]);
      if (!found || found.merchantId !== ctx.merchantId) throw notFound('STORE_NOT_FOUND', 'No such store of your merchant');
      return { ...found, timeZone: (await this.merchants.get(tx, found.merchantId)).timezone };
    });

    // The slot is held from the reading on: the check parses the whole file on this process's heap.
    const releaseSlot = this.runner.claimSlot();
    let job: HistoryImportView;
    let read: ReadHistory;
    try {
      read = await readInvoices(file, store.timeZone);
      const { invoices, summary } = read;
      if (summary.skippedRows.malformed > 0) {
        throw unprocessable('IMPORT_ROWS_INVALID', `${summary.skippedRows.malformed} rows cannot be read; nothing was imported`, summary.malformedRows);
      }
      if (summary.rowsRead === 0) throw unprocessable('IMPORT_FILE_EMPTY', 'The file has no rows after its header');

      const id = newId();
      job = await this.db.inTenant(ctx, async (tx) => {
        // Stores the file names that the merchant has not, or has more than one of, refuse it before the job starts.
        await storesNamed(tx, store.merchantId, read.stores);
        await tx.execute(
          `insert into history_import_job (id, tenant_id, merchant_id, store_id, file_name, encoding, status, phase, rows_total, rows_read, invoices_total, invoices_done,
             purchases, returns, members_created, already_imported, skipped, refused, errors, created_by, created_at, heartbeat_at)
           values (?, ?, ?, ?, ?, ?, 'running', 'reading', ?, 0, ?, 0, 0, 0, 0, 0, '{}', '{}', '[]', ?, now(), now())`,
          [id, ctx.tenantId, store.merchantId, store.id, data.fileName ?? null, summary.encoding, summary.rowsRead, invoices.length, ctx.actorId],
        );
        return loadHistoryImport(tx, id);
      });
    } catch (error) {
      releaseSlot();
      throw error;
    }
    // The job imports what was read here: the file's bytes are let go with the request.
    void this.runner.start({ id: job.id, merchantId: store.merchantId, storeId: store.id }, read, releaseSlot);
    return job;
  }
}
