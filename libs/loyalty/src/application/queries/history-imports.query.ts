import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { notFound, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { z } from 'zod';
import { IMPORT_STALE_AFTER } from '../history-import/history-import.runner';

export interface HistoryImportView {
  id: string;
  merchantId: string;
  storeId: string;
  fileName: string | null;
  encoding: string | null;
  status: 'running' | 'succeeded' | 'failed';
  phase: string;
  rowsTotal: number;
  rowsRead: number;
  invoicesTotal: number;
  invoicesDone: number;
  purchases: number;
  returns: number;
  membersCreated: number;
  membersMatched: number;
  alreadyImported: number;
  skipped: { walkIn: number; priceNotPositive: number; malformed: number };
  refused: { code: string; invoices: number }[];
  errors: { line: number; code: string; message: string }[];
  errorCode: string | null;
  errorMessage: string | null;
  createdBy: string;
  createdAt: Date;
  finishedAt: Date | null;
}

const COLUMNS = `id, merchant_id as "merchantId", store_id as "storeId", file_name as "fileName", encoding, status, phase, rows_total as "rowsTotal", rows_read as "rowsRead",
  invoices_total as "invoicesTotal", invoices_done as "invoicesDone", purchases, returns, members_created as "membersCreated", members_matched as "membersMatched", already_imported as "alreadyImported",
  skipped, refused, errors, error_code as "errorCode", error_message as "errorMessage", created_by as "createdBy", created_at as "createdAt", finished_at as "finishedAt"`;

type Row = Omit<HistoryImportView, 'refused' | 'skipped'> & { refused: Record<string, number>; skipped: Partial<HistoryImportView['skipped']> };
const toView = (row: Row): HistoryImportView => ({
  ...row,
  // Nothing is skipped until the import has read the file.
  skipped: { walkIn: 0, priceNotPositive: 0, malformed: 0, ...row.skipped },
  refused: Object.entries(row.refused).map(([code, invoices]) => ({ code, invoices })),
  createdAt: new Date(row.createdAt),
  finishedAt: row.finishedAt ? new Date(row.finishedAt) : null,
});

/** Jobs whose process stopped beating fail now, so that no job reads as running for ever. */
async function failInterrupted(tx: Tx): Promise<void> {
  await tx.execute(
    `update history_import_job set status = 'failed', finished_at = now(), error_code = 'IMPORT_INTERRUPTED',
       error_message = 'The import stopped with its process; importing the file again imports nothing twice'
     where status = 'running' and heartbeat_at < now() - interval '${IMPORT_STALE_AFTER}'`,
  );
}

export async function loadHistoryImport(tx: Tx, id: string): Promise<HistoryImportView> {
  await failInterrupted(tx);
  const [row] = await tx.execute<Row[]>(`select ${COLUMNS} from history_import_job where id = ?`, [id]);
  if (!row) throw notFound('IMPORT_NOT_FOUND', 'No such history import');
  return toView(row);
}

const READERS = ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN'] as const;

export class GetHistoryImportQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly id: string,
  ) {}
}

/** 导入进度: one history import with its progress (its merchant's admins, the alliance's operators). */
@QueryHandler(GetHistoryImportQuery)
export class GetHistoryImportHandler implements IQueryHandler<GetHistoryImportQuery, HistoryImportView> {
  constructor(private readonly db: Db) {}

  execute({ ctx, id }: GetHistoryImportQuery): Promise<HistoryImportView> {
    requireRole(ctx, ...READERS);
    const jobId = parseInput(uuidSchema, id);
    return this.db.asActor(ctx, (tx) => loadHistoryImport(tx, jobId));
  }
}

const listInput = z.object({ merchantId: uuidSchema.nullish(), limit: z.number().int().min(1).max(200).default(20) });

export class ListHistoryImportsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** The latest history imports the caller may see (a merchant's; an operator's, of one merchant or all), newest first. */
@QueryHandler(ListHistoryImportsQuery)
export class ListHistoryImportsHandler implements IQueryHandler<ListHistoryImportsQuery, HistoryImportView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: ListHistoryImportsQuery): Promise<HistoryImportView[]> {
    requireRole(ctx, ...READERS);
    const data = parseInput(listInput, input);
    return this.db.asActor(ctx, async (tx) => {
      await failInterrupted(tx);
      const rows = await tx.execute<Row[]>(`select ${COLUMNS} from history_import_job where (?::uuid is null or merchant_id = ?) order by created_at desc limit ?`, [
        data.merchantId ?? null,
        data.merchantId ?? null,
        data.limit,
      ]);
      return rows.map(toView);
    });
  }
}
