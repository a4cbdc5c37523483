import { CommandBus } from '@nestjs/cqrs';
import type { INestApplicationContext } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { MAX_NUMBERS_PER_PHONE, MemberDirectory } from '@loyalty/members';
import { DomainError, newId, notFound, phoneSchema, type RequestContext, unprocessable } from '@loyalty/shared';
import { MerchantDirectory, StoreSchema } from '@loyalty/tenancy';
import { RecordPurchaseCommand } from '../commands/record-purchase.command';
import { RecordReturnCommand } from '../commands/record-return.command';
import { decimalToHundredths, EMPTY_CELL, INVOICE_DATE_MALFORMED, localDateTimeToUtc, parseCsvLine, wholeNumber } from './csv';
import { type HistoryColumn, historyColumns, type HistoryColumns } from './history-columns';
import { announcedEncoding, type HistoryFile, linesOf } from './history-file';
import { type CustomerProfile, ProfileCells } from './history-profiles';
import { type NamedStores, storeKey, storesNamed } from './history-stores';

export interface ImportSummary {
  /** The encoding the file was read in (utf-8, gb18030, …: the decoder's name for it). */
  encoding: string;
  rowsRead: number;
  purchases: number;
  returns: number;
  membersCreated: number;
  /**
   * Customers linked to a member already there with their phone (registered at a till, at another of
   * the alliance's merchants, or made for another customer number of the file with that phone).
   */
  membersMatched: number;
  /** Invoices already imported by an earlier run (same invoice, same content). */
  alreadyImported: number;
  skippedRows: { walkIn: number; priceNotPositive: number; malformed: number };
  /** Line number and reason of each malformed row (the first 100). */
  malformedRows: { line: number; reason: string }[];
  /**
   * What the file gives of customers that was left out, the import going on (the first 100 of each
   * code): a phone their member did not take (a member's phone is not replaced, nor members merged,
   * nor more than five numbers joined by a phone), or profile cells that could not be read, or were
   * not taken by a member of another name; each with the line of a customer's first row giving it.
   */
  notTaken: { line: number; code: 'PHONE_NOT_TAKEN' | 'PROFILE_NOT_TAKEN'; reason: string }[];
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
  /** The store its rows name (storeKey), or '' in a file without a Store column (the import's store): an invoice number is a store's. */
  store: string;
  occurredAt: Date;
  lines: Line[];
}

/** A history file as read: its invoices in time order, its customers' phones where it gives them, and the rows it counted and skipped. */
export interface ReadHistory {
  invoices: Invoice[];
  /** Mobile numbers by customer number (normalised as the POS API takes them), with the line of the first row giving each. */
  phones: Map<string, { phone: string; line: number }>;
  stores: NamedStores;
  /** Names, genders and birthdays by customer number, where the file gives them, with the line first giving one (an entry may be left with its line alone). */
  profiles: Map<string, CustomerProfile & { line: number }>;
  summary: ImportSummary;
}

export interface ImportOptions {
  /** The CSV's path (the CLI), its bytes, or what readInvoices read from it (an upload, checked before its job starts). */
  file: HistoryFile | ReadHistory;
  merchantId: string;
  storeId: string;
  /** Invoices in flight at once; the write batcher groups them into transactions. */
  window?: number;
  /** Customers made members of in one transaction (2,000). */
  membersAtOnce?: number;
  /** After the members are in (done 0), then after each window of invoices; `summary` is the counts so far. */
  onProgress?: (done: number, total: number, summary: ImportSummary) => void;
}

function emptyImportSummary(encoding: string): ImportSummary {
  return {
    encoding,
    rowsRead: 0,
    purchases: 0,
    returns: 0,
    membersCreated: 0,
    membersMatched: 0,
    alreadyImported: 0,
    skippedRows: { walkIn: 0, priceNotPositive: 0, malformed: 0 },
    malformedRows: [],
    notTaken: [],
    refused: {},
    refusedInvoices: [],
    seconds: 0,
    rowsPerSecond: 0,
  };
}

/** Keeps a report of what was not taken, the first 100 of its code. */
function noteNotTaken(summary: ImportSummary, report: ImportSummary['notTaken'][number]): void {
  if (summary.notTaken.filter((r) => r.code === report.code).length < 100) summary.notTaken.push(report);
}

/** What an invoice's lines add up to, in 分: below zero for a return. */
const totalFen = (invoice: Invoice) => invoice.lines.reduce((sum, line) => sum + line.amountFen, 0);

/**
 * A return without order: an invoice whose lines add up below zero, its quantities negative. That is
 * how the layout writes a cancellation (`C…`; every one in the Online Retail data set) and how
 * Chinese exports write a return (退货); a number starting with C says nothing in them (CS2026…).
 */
const isReturn = (invoice: Invoice) => totalFen(invoice) < 0;

/**
 * Brings a merchant's POS history (the UCI Online Retail layout, or the same columns under their
 * Chinese names; history-columns) into the platform through the POS use cases themselves: one
 * purchase per invoice, a return without order per cancellation or negative invoice, a member per
 * customer number; each at the store its rows name, where the file has a Store column, else at the
 * import's store. Idempotency keys are derived from invoice numbers (a store's), so running the
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

  const { invoices, phones, stores, profiles, summary } = 'invoices' in options.file ? options.file : await readInvoices(options.file, merchant.timezone);
  // An invoice's own store where the file names one, else the import's.
  const storeIds = await db.asSystem((tx) => storesNamed(tx, merchant.id, stores));
  const storeContexts = new Map([...storeIds].map(([key, storeId]) => [key, { ...ctx, storeId }]));
  const contextOf = (invoice: Invoice) => storeContexts.get(invoice.store) ?? ctx;

  // Members first, in chunks: each customer's first invoice is when and where they were first seen.
  const firstSeen = new Map<string, Invoice>();
  for (const invoice of invoices) if (!firstSeen.has(invoice.customerId)) firstSeen.set(invoice.customerId, invoice);
  // Customers of one phone share a member: it gets the profile of the first seen of them giving any, whichever chunk the others fall in.
  const profileGivenFor = new Set<string>();
  const customers = [...firstSeen].map(([externalId, invoice]) => {
    const phone = phones.get(externalId)?.phone;
    const { name, gender, birthday } = profiles.get(externalId) ?? {};
    const phoneProfileTaken = phone !== undefined && profileGivenFor.has(phone);
    if (phone && (name ?? gender ?? birthday) !== undefined) profileGivenFor.add(phone);
    return { externalId, firstSeenAt: invoice.occurredAt, storeId: storeIds.get(invoice.store) ?? store.id, phone, name, gender, birthday, phoneProfileTaken };
  });
  const memberIds = new Map<string, string>();
  const membersAtOnce = options.membersAtOnce ?? 2000;
  for (let i = 0; i < customers.length; i += membersAtOnce) {
    const { ids, created, matched, phonesNotTaken, profilesNotTaken } = await db.inTenant(ctx, (tx) =>
      app.get(MemberDirectory).ensureByExternalIds(tx, ctx, customers.slice(i, i + membersAtOnce)),
    );
    for (const [externalId, memberId] of ids) memberIds.set(externalId, memberId);
    summary.membersCreated += created;
    summary.membersMatched += matched;
    for (const notTaken of phonesNotTaken) {
      const { phone, line } = phones.get(notTaken.externalId)!;
      const customer = `CustomerID ${customerShown(notTaken.externalId)}`;
      const reason =
        notTaken.reason === 'placeholder'
          ? `${customer}'s phone ${masked(phone)} already names ${notTaken.numbers} customer numbers here, at most ${MAX_NUMBERS_PER_PHONE} join a member: a placeholder, not theirs? Made a member of its own without it`
          : notTaken.reason === 'member-has-another'
            ? `${customer}'s member has the phone ${masked(notTaken.memberPhone)}, not ${masked(phone)}: a member's phone is not replaced`
            : `${customer}'s phone ${masked(phone)} is another member's: members are not merged`;
      noteNotTaken(summary, { line, code: 'PHONE_NOT_TAKEN', reason });
    }
    for (const { externalId, memberName } of profilesNotTaken) {
      const { name, line } = profiles.get(externalId)!;
      const reason = `CustomerID ${customerShown(externalId)}'s name ${name} is not their member's, ${memberName}: nothing of their profile taken`;
      noteNotTaken(summary, { line, code: 'PROFILE_NOT_TAKEN', reason });
    }
  }
  options.onProgress?.(0, invoices.length, summary);

  // Invoices in time order, a window at a time: purchases, then that window's returns.
  const commands = app.get(CommandBus);
  const window = options.window ?? 2000;
  let done = 0;
  for (let i = 0; i < invoices.length; i += window) {
    const slice = invoices.slice(i, i + window);
    for (const returnPass of [false, true]) {
      // Settled, all of them: an unexpected error ends the import only once the window's other writes have.
      const settled = await Promise.allSettled(
        slice
          .filter((invoice) => isReturn(invoice) === returnPass)
          .map(async (invoice) => {
            const memberId = memberIds.get(invoice.customerId)!;
            const amountFen = Math.abs(totalFen(invoice));
            const key = `history:${invoice.invoiceNo}`;
            const command = returnPass
              ? new RecordReturnCommand(contextOf(invoice), { memberId, amountFen, occurredAt: invoice.occurredAt.toISOString() }, key)
              : new RecordPurchaseCommand(
                  contextOf(invoice),
                  { memberId, orderNo: invoice.invoiceNo, amountFen, occurredAt: invoice.occurredAt.toISOString(), lines: invoice.lines },
                  key,
                );
            try {
              const outcome: { replayed?: boolean } = await commands.execute(command);
              if (outcome.replayed) summary.alreadyImported++;
              else if (returnPass) summary.returns++;
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

/** An invoice number: letters or digits first, then also _ . / # -, up to 64 in all (the POS API's orderNo takes up to 64 characters). */
const INVOICE_NO = /^[\p{L}\p{N}][\p{L}\p{N}_./#-]{0,63}$/u;
const INVOICE_NO_MALFORMED = 'InvoiceNo is not an invoice number (letters and digits, also _ . / # - after the first, up to 64)';

/** How far apart an invoice's rows may be in time (an export's rows of one invoice can straddle a minute). */
const INVOICE_SPAN_MS = 60 * 60 * 1000;

/** A long number as Excel shows and then saves it (1.38001E+10): its digits are lost. */
const SCIENTIFIC = /^\d(?:\.\d+)?e[+-]?\d+$/i;
const SCIENTIFIC_MALFORMED = 'CustomerID, StockCode or Phone is a number in scientific notation (1.38001E+10), its digits lost: format the column as text before saving';

const STORE_MISSING = 'Store is empty: name the store of every row (cells merged in Excel are empty after their first row)';

const PHONE_MALFORMED = 'Phone is not a mainland mobile number (11 digits from 13 to 19, +86 taken): correct it, or leave the cell empty';
const PHONE_MASKED = 'Phone is masked (138****8000): export the whole numbers, or leave the column out';

/** What exports write in a phone cell for no phone. */
const NO_PHONE = new Set([...EMPTY_CELL, '0']);

/** A row's phone as the POS API keeps it; null for none, undefined for one that is no mobile number. */
function mobileNumber(text: string): string | null | undefined {
  // A numeric cell's float form (13800138000.0).
  const cell = text.replace(/\.0$/, '');
  if (cell === '' || NO_PHONE.has(cell.toLowerCase())) return null;
  const parsed = phoneSchema.safeParse(cell);
  return parsed.success ? parsed.data : undefined;
}

/** A phone as reasons show it: reasons are kept on the job and shown in the console. */
const masked = (phone: string) => `${phone.slice(0, 3)}****${phone.slice(7)}`;

/** A customer number as reasons show it: masked where it is a phone (a file naming its customers by phone). */
const customerShown = (customerId: string) => (mobileNumber(customerId) ? masked(customerId) : customerId);

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
  const invoiceLine = (sku: string, name: string, quantity: number, amountFen: number): Line => ({
    sku: intern(sku || '-'),
    name: intern(name.slice(0, 200)),
    quantity: Math.abs(quantity),
    amountFen,
  });
  const malformed = (line: number, reason: string) => {
    summary.skippedRows.malformed++;
    if (summary.malformedRows.length < 100) summary.malformedRows.push({ line, reason });
  };
  // A customer's phone is the first a row of theirs gives (a row without one says nothing of it).
  const customerPhones = new Map<string, { phone: string; line: number }>();
  // Every customer a phone is given for, by any row: a placeholder's count, whichever phone a customer keeps.
  const customersOfPhone = new Map<string, Set<string>>();
  const notePhone = (customerId: string, phone: string) => {
    const customers = customersOfPhone.get(phone);
    if (customers) customers.add(customerId);
    else customersOfPhone.set(ownCopy(phone), new Set([intern(customerId)]));
  };
  let profileCells: ProfileCells | undefined;
  /** What a row of a customer's that goes into an invoice gives of them: their phone, and their profile's cells. */
  const keepCustomer = (customerId: string, phone: string | null, line: number, cell: (column: HistoryColumn) => string) => {
    if (phone) {
      notePhone(customerId, phone);
      if (!customerPhones.has(customerId)) customerPhones.set(intern(customerId), { phone: ownCopy(phone), line });
    }
    if (profileCells?.hasColumns) profileCells.note(intern(customerId), cell, line);
  };
  const stores: NamedStores = new Map();
  // A store's rows repeat its name: each distinct cell's key once.
  const storeKeys = new Map<string, string>();
  const storeKeyOf = (cell: string) => {
    let key = storeKeys.get(cell);
    if (key === undefined) storeKeys.set(ownCopy(cell), (key = intern(storeKey(cell))));
    return key;
  };
  // An invoice's lines share its date, and a zone conversion is costly: each distinct text once.
  const instants = new Map<string, Date | undefined>();
  const instantOf = (date: string) => {
    if (!instants.has(date)) instants.set(date, localDateTimeToUtc(date, timeZone));
    return instants.get(date);
  };
  let lineNo = 0;
  let columns: HistoryColumns | undefined;
  for await (const text of linesOf(file, encoding)) {
    lineNo++;
    if (text.trim() === '') continue;
    if (!columns) {
      // A GB18030 file's own byte order mark is not one the decoder drops.
      columns = historyColumns(parseCsvLine(text.replace(/^\uFEFF/, '')) ?? []);
      profileCells = new ProfileCells(columns.index, timeZone);
      continue;
    }
    summary.rowsRead++;
    const fields = parseCsvLine(text);
    if (!fields || fields.length !== columns.width) {
      malformed(lineNo, `expected ${columns.width} fields`);
      continue;
    }
    const { index } = columns;
    const field = (column: HistoryColumn) => {
      const at = index[column];
      return at === undefined ? '' : fields[at].trim();
    };
    const invoiceNo = field('invoiceNo');
    const sku = field('stockCode');
    const phoneText = field('phone');
    const phone = mobileNumber(phoneText);
    // Without a CustomerID column, the phone is the customer's number (a row without one, a walk-in).
    const customer = index.customerId !== undefined ? field('customerId') : phone === null ? '' : (phone ?? phoneText);
    const quantity = wholeNumber(field('quantity'));
    const unitFen = decimalToHundredths(field('unitPrice'));
    // A time column gives the time of day (a date column may hold a date alone, or a midnight time beside it).
    const date = field('invoiceDate');
    const time = field('invoiceTime');
    const occurredAt = instantOf(time === '' ? date : `${date.split(/[ T]/)[0]} ${time}`);
    const customerId = customer.replace(/\.0$/, '');
    const storeName = field('store');
    const store = storeName === '' ? '' : storeKeyOf(storeName);
    const customerPhone = customerPhones.get(customerId);
    if (!INVOICE_NO.test(invoiceNo)) malformed(lineNo, INVOICE_NO_MALFORMED);
    else if (quantity === undefined || quantity === 0) malformed(lineNo, 'Quantity is not a non-zero whole number');
    else if (unitFen === undefined) malformed(lineNo, 'UnitPrice is not a decimal number');
    else if (!occurredAt) malformed(lineNo, INVOICE_DATE_MALFORMED);
    else if (customer === '') summary.skippedRows.walkIn++;
    else if (unitFen <= 0) summary.skippedRows.priceNotPositive++;
    else if (SCIENTIFIC.test(customer) || SCIENTIFIC.test(sku) || SCIENTIFIC.test(phoneText)) malformed(lineNo, SCIENTIFIC_MALFORMED);
    else if (phone === undefined) malformed(lineNo, phoneText.includes('*') ? PHONE_MASKED : PHONE_MALFORMED);
    else if (index.store !== undefined && store === '') malformed(lineNo, STORE_MISSING);
    else if (phone && customerPhone && customerPhone.phone !== phone) {
      notePhone(customerId, phone);
      malformed(lineNo, `Phone ${masked(phone)} is not line ${customerPhone.line}'s ${masked(customerPhone.phone)} of CustomerID ${customerShown(customerId)}: a customer has one phone`);
    } else {
      const amountFen = quantity * unitFen;
      // Tills number their sales each on its own: the same number at two stores is two invoices.
      const invoiceKey = store === '' ? invoiceNo : `${invoiceNo}\n${store}`;
      const invoice = invoices.get(invoiceKey);
      if (!invoice) {
        const own = ownCopy(invoiceNo);
        if (store !== '' && !stores.has(store)) stores.set(store, { name: ownCopy(storeName), line: lineNo });
        invoices.set(store === '' ? own : ownCopy(invoiceKey), {
          line: lineNo,
          invoiceNo: own,
          customerId: intern(customerId),
          store,
          occurredAt,
          lines: [invoiceLine(sku, field('description'), quantity, amountFen)],
        });
        keepCustomer(customerId, phone, lineNo, field);
      } else if (invoice.customerId !== customerId || Math.abs(invoice.occurredAt.getTime() - occurredAt.getTime()) > INVOICE_SPAN_MS) {
        // A number used again (a till's serial numbers restart): its rows are not one invoice.
        malformed(lineNo, `InvoiceNo ${invoiceNo} is line ${invoice.line}'s invoice, of another customer or time`);
      } else if (Math.sign(amountFen) !== Math.sign(invoice.lines[0].amountFen)) {
        const [kind, of] = amountFen < 0 ? ['a return line (Quantity below zero)', 'sale'] : ['a sale line', 'return'];
        malformed(lineNo, `${kind} in line ${invoice.line}'s ${of}: an invoice is a sale or a return, not both`);
      } else {
        invoice.lines.push(invoiceLine(sku, field('description'), quantity, amountFen));
        keepCustomer(customerId, phone, lineNo, field);
      }
    }
  }
  if (!columns) throw unprocessable('IMPORT_FILE_EMPTY', 'The file is empty');
  // Joined by a placeholder, many customers' histories would become one member's: their first phone row each is reported, the phone not taken.
  for (const [phone, customers] of customersOfPhone) {
    if (customers.size <= MAX_NUMBERS_PER_PHONE) continue;
    for (const customerId of customers) {
      const kept = customerPhones.get(customerId);
      if (kept?.phone !== phone) continue;
      malformed(
        kept.line,
        `Phone ${masked(phone)} is given by ${customers.size} customer numbers, more than ${MAX_NUMBERS_PER_PHONE}: a placeholder, not theirs? Leave the cell empty where it is not the customer's`,
      );
      customerPhones.delete(customerId);
    }
  }
  // Invoices of one instant in the order of their numbers, then stores (UTF-16 code units, as read): the same on every machine, whatever its locale.
  const byCodeUnits = (a: string, b: string) => (a < b ? -1 : a > b ? 1 : 0);
  const ordered = [...invoices.values()].sort(
    (a, b) => a.occurredAt.getTime() - b.occurredAt.getTime() || byCodeUnits(a.invoiceNo, b.invoiceNo) || byCodeUnits(a.store, b.store),
  );
  const { profiles, reports } = profileCells?.finish() ?? { profiles: new Map(), reports: [] };
  for (const { line, reason } of reports) noteNotTaken(summary, { line, code: 'PROFILE_NOT_TAKEN', reason });
  return { invoices: ordered, phones: customerPhones, stores, profiles, summary };
}
