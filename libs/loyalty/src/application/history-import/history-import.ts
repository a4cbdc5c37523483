import { CommandBus } from '@nestjs/cqrs';
import type { INestApplicationContext } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { DomainError, newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { MerchantDirectory, StoreSchema } from '@loyalty/tenancy';
import { RecordPurchaseCommand } from '../commands/record-purchase.command';
import { RecordReturnCommand } from '../commands/record-return.command';
import { decimalToHundredths, INVOICE_DATE_MALFORMED, localDateTimeToUtc, parseCsvLine, wholeNumber } from './csv';
import { announcedEncoding, type HistoryFile, linesOf } from './history-file';

const HEADER = ['InvoiceNo', 'StockCode', 'Description', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID', 'Country'];

export interface ImportSummary {
  /** The encoding the file was read in (utf-8, gb18030, …: the decoder's name for it). */
  encoding: string;
  rowsRead: number;
  purchases: number;
  returns: number;
  membersCreated: number;
  /** Invoices already imported by an earlier run (same invoice, same content). */
  alreadyImported: number;
  skippedRows: { walkIn: number; priceNotPositive: number; malformed: number };
  /** Line number and reason of each malformed row (the first 100). */
  malformedRows: { line: number; reason: string }[];
  /** Invoices refused, by error code (e.g. IDEMPOTENCY_CONFLICT for an invoice imported before with other content). */
  refused: Record<string, number>;
  /** The first line, invoice and error of each refused invoice (the first 100). */
  refusedInvoices: { line: number; invoiceNo: string; code: string; message: string }[];
  seconds: number;
  rowsPerSecond: number;
}

interface Line {
  sku: string;
  name: string;
  quantity: number;
  amountFen: number;
}

export interface Invoice {
  /** The line of its first row in the file. */
  line: number;
  invoiceNo: string;
  customerId: string;
  occurredAt: Date;
  lines: Line[];
}

/** A history file as read: its invoices in time order, and the rows it counted and skipped. */
export interface ReadHistory {
  invoices: Invoice[];
  summary: ImportSummary;
}

export interface ImportOptions {
  /** The CSV's path (the CLI), its bytes, or what readInvoices read from it (an upload, checked before its job starts). */
  file: HistoryFile | ReadHistory;
  merchantId: string;
  storeId: string;
  /** Invoices in flight at once; the write batcher groups them into transactions. */
  window?: number;
  /** After the members are in (done 0), then after each window of invoices; `summary` is the counts so far. */
  onProgress?: (done: number, total: number, summary: ImportSummary) => void;
}

/** The file's header differs from the layout's (nothing is read). */
export const importHeaderInvalid = () => unprocessable('IMPORT_HEADER_INVALID', `The first line must be the header ${HEADER.join(',')}`, { expected: HEADER });

function emptyImportSummary(encoding: string): ImportSummary {
  return {
    encoding,
    rowsRead: 0,
    purchases: 0,
    returns: 0,
    membersCreated: 0,
    alreadyImported: 0,
    skippedRows: { walkIn: 0, priceNotPositive: 0, malformed: 0 },
    malformedRows: [],
    refused: {},
    refusedInvoices: [],
    seconds: 0,
    rowsPerSecond: 0,
  };
}

/**
 * Brings a merchant's POS history (the UCI Online Retail layout) into the platform through the POS
 * use cases themselves: one purchase per invoice, a return without order per cancellation (`C…`),
 * a member per customer number. Idempotency keys are derived from invoice numbers, so running the
 * same file again imports nothing twice.
 */
export async function importHistory(app: Pick<INestApplicationContext, 'get'>, options: ImportOptions): Promise<ImportSummary> {
  const started = Date.now();
  const db = app.get(Db);
  const store = await db.asSystem((tx) => tx.findOne(StoreSchema, { id: options.storeId, merchantId: options.merchantId }));
  if (!store) throw notFound('STORE_NOT_FOUND', `No store ${options.storeId} of merchant ${options.merchantId}`);
  const merchant = await db.asSystem((tx) => app.get(MerchantDirectory).get(tx, options.merchantId));
  const ctx: RequestContext = {
    tenantId: merchant.tenantId,
    merchantId: merchant.id,
    storeId: store.id,
    actorId: 'history-import',
    roles: ['POS'],
    correlationId: `history-import-${newId()}`,
  };

  const { invoices, summary } = 'invoices' in options.file ? options.file : await readInvoices(options.file, merchant.timezone);

  // Members first, in chunks: each customer's first invoice is when they were first seen.
  const firstSeen = new Map<string, Date>();
  for (const invoice of invoices) if (!firstSeen.has(invoice.customerId)) firstSeen.set(invoice.customerId, invoice.occurredAt);
  const customers = [...firstSeen].map(([externalId, firstSeenAt]) => ({ externalId, firstSeenAt }));
  const memberIds = new Map<string, string>();
  for (let i = 0; i < customers.length; i += 2000) {
    const { ids, created } = await db.inTenant(ctx, (tx) => app.get(MemberDirectory).ensureByExternalIds(tx, ctx, customers.slice(i, i + 2000)));
    for (const [externalId, memberId] of ids) memberIds.set(externalId, memberId);
    summary.membersCreated += created;
  }
  options.onProgress?.(0, invoices.length, summary);

  // Invoices in time order, a window at a time: purchases, then that window's returns.
  const commands = app.get(CommandBus);
  const window = options.window ?? 2000;
  let done = 0;
  for (let i = 0; i < invoices.length; i += window) {
    const slice = invoices.slice(i, i + window);
    for (const isReturn of [false, true]) {
      // Settled, all of them: an unexpected error ends the import only once the window's other writes have.
      const settled = await Promise.allSettled(
        slice
          .filter((invoice) => invoice.invoiceNo.startsWith('C') === isReturn)
          .map(async (invoice) => {
            const memberId = memberIds.get(invoice.customerId)!;
            const amountFen = Math.abs(invoice.lines.reduce((sum, line) => sum + line.amountFen, 0));
            const key = `history:${invoice.invoiceNo}`;
            const command = isReturn
              ? new RecordReturnCommand(ctx, { memberId, amountFen, occurredAt: invoice.occurredAt.toISOString() }, key)
              : new RecordPurchaseCommand(
                  ctx,
                  { memberId, orderNo: invoice.invoiceNo, amountFen, occurredAt: invoice.occurredAt.toISOString(), lines: invoice.lines },
                  key,
                );
            try {
              const outcome: { replayed?: boolean } = await commands.execute(command);
              if (outcome.replayed) summary.alreadyImported++;
              else if (isReturn) summary.returns++;
              else summary.purchases++;
            } catch (error) {
              if (!(error instanceof DomainError)) throw error;
              summary.refused[error.code] = (summary.refused[error.code] ?? 0) + 1;
              if (summary.refusedInvoices.length < 100) summary.refusedInvoices.push({ line: invoice.line, invoiceNo: invoice.invoiceNo, code: error.code, message: error.message });
            }
          }),
      );
      const failed = settled.find((result) => result.status === 'rejected');
      if (failed) throw failed.reason;
    }
    done += slice.length;
    options.onProgress?.(done, invoices.length, summary);
  }
  summary.seconds = (Date.now() - started) / 1000;
  summary.rowsPerSecond = Math.round(summary.rowsRead / summary.seconds);
  return summary;
}

/**
 * Reads the file, counting and skipping what cannot be imported, grouped into invoices by date (also
 * the API's check of an upload before it starts a job). The file is read in the encoding it announces
 * (announcedEncoding); else as UTF-8, and again as GB18030 if any of it is not UTF-8: what Excel on
 * Chinese Windows saves a CSV in (a GBK character's two bytes can form a UTF-8 one, but a file of
 * Chinese names all of whose characters do is unlikely; the whole file is checked as it is read).
 */
export async function readInvoices(file: HistoryFile, timeZone: string): Promise<ReadHistory> {
  const announced = await announcedEncoding(file);
  try {
    return await readInvoicesIn(file, announced ?? 'utf-8', timeZone);
  } catch (error) {
    if (announced !== undefined || !(error instanceof DomainError && error.code === 'IMPORT_ENCODING_INVALID')) throw error;
    return readInvoicesIn(file, 'gb18030', timeZone);
  }
}

/** Blank lines are skipped, before the header too; a file of none but those is refused (IMPORT_FILE_EMPTY). */
async function readInvoicesIn(file: HistoryFile, encoding: string, timeZone: string): Promise<ReadHistory> {
  const summary = emptyImportSummary(encoding);
  const invoices = new Map<string, Invoice>();
  // What the invoices keep of a row is copied out of it: V8 keeps a long field as a view of its row,
  // and a row as a view of its decoded chunk, so each kept field would hold 64 KiB of text. Values
  // that repeat (products, customers) are kept once.
  const ownCopy = (value: string) => ` ${value}`.slice(1);
  const strings = new Map<string, string>();
  const intern = (value: string) => {
    let known = strings.get(value);
    if (known === undefined) {
      known = ownCopy(value);
      strings.set(known, known);
    }
    return known;
  };
  const malformed = (line: number, reason: string) => {
    summary.skippedRows.malformed++;
    if (summary.malformedRows.length < 100) summary.malformedRows.push({ line, reason });
  };
  // An invoice's lines share its date, and a zone conversion is costly: each distinct text once.
  const instants = new Map<string, Date | undefined>();
  const instantOf = (date: string) => {
    if (!instants.has(date)) instants.set(date, localDateTimeToUtc(date, timeZone));
    return instants.get(date);
  };
  let lineNo = 0;
  let headerRead = false;
  for await (const text of linesOf(file, encoding)) {
    lineNo++;
    if (text.trim() === '') continue;
    if (!headerRead) {
      // A GB18030 file's own byte order mark is not one the decoder drops.
      if (parseCsvLine(text.replace(/^\uFEFF/, ''))?.join(',') !== HEADER.join(',')) throw importHeaderInvalid();
      headerRead = true;
      continue;
    }
    summary.rowsRead++;
    const fields = parseCsvLine(text);
    if (!fields || fields.length !== HEADER.length) {
      malformed(lineNo, `expected ${HEADER.length} fields`);
      continue;
    }
    const [invoiceNo, sku, name, quantityText, date, price, customer] = fields;
    const quantity = wholeNumber(quantityText);
    const unitFen = decimalToHundredths(price);
    const occurredAt = instantOf(date);
    if (!/^C?\w+$/.test(invoiceNo)) malformed(lineNo, 'InvoiceNo is not an invoice number');
    else if (quantity === undefined || quantity === 0) malformed(lineNo, 'Quantity is not a non-zero whole number');
    else if (unitFen === undefined) malformed(lineNo, 'UnitPrice is not a decimal number');
    else if (!occurredAt) malformed(lineNo, INVOICE_DATE_MALFORMED);
    else if (customer.trim() === '') summary.skippedRows.walkIn++;
    else if (unitFen <= 0) summary.skippedRows.priceNotPositive++;
    else {
      let invoice = invoices.get(invoiceNo);
      if (!invoice) {
        invoice = { line: lineNo, invoiceNo: ownCopy(invoiceNo), customerId: intern(customer.trim().replace(/\.0$/, '')), occurredAt, lines: [] };
        invoices.set(invoice.invoiceNo, invoice);
      }
      invoice.lines.push({ sku: intern(sku.trim() || '-'), name: intern(name.trim().slice(0, 200)), quantity: Math.abs(quantity), amountFen: quantity * unitFen });
    }
  }
  if (!headerRead) throw unprocessable('IMPORT_FILE_EMPTY', 'The file is empty');
  // Invoices of one instant in the character order of their numbers (ASCII, as read): the same on every machine, whatever its locale.
  const ordered = [...invoices.values()].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || (a.invoiceNo < b.invoiceNo ? -1 : a.invoiceNo > b.invoiceNo ? 1 : 0),
  );
  return { invoices: ordered, summary };
}
