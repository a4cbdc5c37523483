import { unprocessable } from '@loyalty/shared';

/**
 * The columns a history file is read by, each known by the UCI Online Retail layout's name, then by
 * the names Chinese POS and membership software export it under. Columns are found by name, in any
 * order; others (金额, 门店编号, …) are left unread. Names that often mean something else are not
 * taken: 流水号 and 小票号 (serial numbers a till restarts), 零售价 (the list price, not the one paid), 卡号
 * (a bank or stored-value card).
 */
const COLUMNS = {
  invoiceNo: { required: true, names: ['InvoiceNo', '单号', '订单号', '单据号', '销售单号'] },
  stockCode: { required: false, names: ['StockCode', '商品编码', '商品编号', '商品条码', '条码', '货号'] },
  description: { required: false, names: ['Description', '商品名称', '品名'] },
  quantity: { required: true, names: ['Quantity', '数量', '销售数量'] },
  invoiceDate: { required: true, names: ['InvoiceDate', '销售时间', '交易时间', '下单时间', '销售日期', '日期'] },
  /** The time of day, where an export writes it apart from InvoiceDate (日期 and 时间). */
  invoiceTime: { required: false, names: ['InvoiceTime', '时间'] },
  unitPrice: { required: true, names: ['UnitPrice', '单价', '售价'] },
  customerId: { required: true, names: ['CustomerID', '会员号', '会员卡号', '会员编号', '顾客编号', '客户编号'] },
  country: { required: false, names: ['Country', '国家', '国家/地区'] },
  /** The customer's mobile number (not 电话 or 联系电话, often a landline). */
  phone: { required: false, names: ['Phone', '手机号', '手机', '手机号码', '会员手机', '会员手机号', '移动电话', 'Mobile'] },
  /** The customer's profile, for members made or given it (a member's own is never replaced). */
  name: { required: false, names: ['CustomerName', '会员姓名', '顾客姓名', '客户姓名', '姓名'] },
  gender: { required: false, names: ['Gender', '会员性别', '性别', 'Sex'] },
  birthday: { required: false, names: ['Birthday', '会员生日', '生日', '出生日期'] },
  /** The store of the sale, by its name in the console (a chain's export of all its stores): not a code, which the platform does not keep. */
  store: { required: false, names: ['Store', '销售门店', '消费门店', '门店名称', '店铺名称', '门店', '店铺', '店名', '所属门店'] },
} satisfies Record<string, { required: boolean; names: string[] }>;

export type HistoryColumn = keyof typeof COLUMNS;

/** Where each column is in the file's rows (undefined for an optional column it lacks), and how many fields a row has. */
export interface HistoryColumns {
  index: Record<HistoryColumn, number | undefined>;
  width: number;
}

const ALL = Object.keys(COLUMNS) as HistoryColumn[];
const REQUIRED = ALL.filter((column) => COLUMNS[column].required);
const layoutName = (column: HistoryColumn) => COLUMNS[column].names[0];

/** The layout's own header: the UCI data set's columns, not those added for Chinese exports. */
const UCI_COLUMNS: HistoryColumn[] = ['invoiceNo', 'stockCode', 'description', 'quantity', 'invoiceDate', 'unitPrice', 'customerId', 'country'];
export const LAYOUT_HEADER = UCI_COLUMNS.map(layoutName);

/**
 * A header name as compared: full-width forms as half-width (NFKC: （元） as (元), Ｑｕａｎｔｉｔｙ as
 * Quantity), case, spaces, _ and - ignored (Invoice No, invoice_no), and a trailing unit of yuan
 * dropped (单价(元)); prices in 分 are not what UnitPrice holds, so 单价(分) stays unknown.
 */
const nameKey = (name: string) =>
  name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\s_-]/g, '')
    .replace(/\((元|rmb|cny)\)$/, '');

/** Each name's column, and its place among the column's names (the more specific first: 会员姓名 before 姓名). */
const COLUMN_BY_NAME = new Map<string, { column: HistoryColumn; rank: number }>(
  ALL.flatMap((column) => COLUMNS[column].names.map((name, rank) => [nameKey(name), { column, rank }] as const)),
);

/** The header names no column for a required one, or two for one (nothing is read). */
function importHeaderInvalid(found: { missing: string[]; repeated: string[] }) {
  const problems = [
    found.missing.length ? `no column for ${found.missing.join(', ')}` : '',
    found.repeated.length ? `more than one column for ${found.repeated.join(', ')}` : '',
  ].filter(Boolean);
  const names = REQUIRED.map((column) => `${layoutName(column)} ${COLUMNS[column].names[1]}`).join(', ');
  return unprocessable('IMPORT_HEADER_INVALID', `The first line must name the history's columns, in any order (${problems.join('; ')}): ${names}`, {
    expected: LAYOUT_HEADER,
    ...found,
  });
}

/**
 * The columns of a header line's fields; throws IMPORT_HEADER_INVALID when a required one is missing
 * (CustomerID may be, where Phone is there to name the customers) or named twice (which to read
 * cannot be told; so is Phone where it stands in). Of an optional one named twice, the name listed
 * first above is read (商品编码 before 商品条码, 会员姓名 before a cashier's 姓名), else the first.
 */
export function historyColumns(header: string[]): HistoryColumns {
  const index = Object.fromEntries(ALL.map((column) => [column, undefined])) as HistoryColumns['index'];
  const rankOf = new Map<HistoryColumn, number>();
  const repeated = new Set<HistoryColumn>();
  header.forEach((name, at) => {
    const found = COLUMN_BY_NAME.get(nameKey(name));
    if (found === undefined) return;
    const { column, rank } = found;
    // Phone stands in for CustomerID in a file without one: then which to read cannot be told either.
    if (index[column] !== undefined && (COLUMNS[column].required || column === 'phone')) repeated.add(column);
    else if (index[column] === undefined || rank < rankOf.get(column)!) {
      index[column] = at;
      rankOf.set(column, rank);
    }
  });
  if (index.customerId !== undefined) repeated.delete('phone');
  // A file without customer numbers may know its members by phone (会员 = 手机号).
  const missing = REQUIRED.filter((column) => index[column] === undefined && !(column === 'customerId' && index.phone !== undefined));
  if (missing.length || repeated.size) throw importHeaderInvalid({ missing: missing.map(layoutName), repeated: [...repeated].map(layoutName) });
  return { index, width: header.length };
}
