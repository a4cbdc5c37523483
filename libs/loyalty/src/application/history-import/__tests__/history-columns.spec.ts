import { historyColumns, LAYOUT_HEADER } from '../history-columns';

const refusal = (header: string[]) => {
  try {
    historyColumns(header);
    return 'read';
  } catch (error) {
    const { status, code, details } = error as { status: number; code: string; details: unknown };
    return { status, code, details };
  }
};

/** Finding a history file's columns by the names in its header (no file, no database). */
describe('historyColumns', () => {
  it('finds the layout\'s columns where they are, by English or Chinese names written as spreadsheets write them', () => {
    expect(historyColumns(LAYOUT_HEADER)).toEqual({
      index: { invoiceNo: 0, stockCode: 1, description: 2, quantity: 3, invoiceDate: 4, invoiceTime: undefined, unitPrice: 5, customerId: 6, country: 7, phone: undefined, name: undefined, gender: undefined, birthday: undefined, store: undefined },
      width: 8,
    });
    // Case, spaces, underscores, full-width forms and a yuan unit do not matter; unknown columns are left unread.
    expect(historyColumns(['金额', ' customer_id ', 'Invoice No', 'ＱＵＡＮＴＩＴＹ', '单价（元）', '日期', '时间', '备注']).index).toEqual({
      invoiceNo: 2,
      stockCode: undefined,
      description: undefined,
      quantity: 3,
      invoiceDate: 5,
      invoiceTime: 6,
      unitPrice: 4,
      customerId: 1,
      country: undefined,
      phone: undefined,
      name: undefined,
      gender: undefined,
      birthday: undefined,
      store: undefined,
    });
  });

  it("reads a customer's name, gender and birthday by their names", () => {
    const header = ['单号', '数量', '销售时间', '单价', '会员号'];
    for (const [name, column] of [
      ['姓名', 'name'],
      ['会员姓名', 'name'],
      ['CustomerName', 'name'],
      ['性别', 'gender'],
      ['生日', 'birthday'],
      ['出生日期', 'birthday'],
    ] as const) {
      expect(historyColumns([...header, name]).index[column]).toBe(5);
    }
    // A bare Name is as likely a product's.
    expect(historyColumns([...header, 'Name']).index.name).toBeUndefined();
  });

  it('reads the store of a sale by its name, not a store code the platform does not keep', () => {
    for (const name of ['门店', '门店名称', '店铺', '所属门店', '销售门店', 'Store']) {
      expect(historyColumns(['单号', '数量', '销售时间', '单价', '会员号', name]).index.store).toBe(5);
    }
    for (const name of ['门店编号', '门店编码', '店号']) expect(historyColumns(['单号', '数量', '销售时间', '单价', '会员号', name]).index.store).toBeUndefined();
  });

  it('reads a mobile number column by its names, not a phone column that may hold a landline', () => {
    for (const name of ['手机号', '手机', '手机号码', '会员手机', 'Phone', 'mobile']) {
      expect(historyColumns(['单号', '数量', '销售时间', '单价', '会员号', name]).index.phone).toBe(5);
    }
    for (const name of ['电话', '联系电话']) expect(historyColumns(['单号', '数量', '销售时间', '单价', '会员号', name]).index.phone).toBeUndefined();
    // A file may name its customers by phone alone; without either, CustomerID is missing.
    expect(historyColumns(['单号', '数量', '销售时间', '单价', '手机号']).index).toMatchObject({ customerId: undefined, phone: 4 });
    expect(refusal(['单号', '数量', '销售时间', '单价', '电话'])).toMatchObject({ details: { missing: ['CustomerID'] } });
  });

  it('reads, of an optional column named twice, the name listed first (the more specific), else the first in the file', () => {
    expect(historyColumns(['单号', '商品条码', '商品编码', '数量', '销售时间', '单价(RMB)', '会员号']).index).toMatchObject({ stockCode: 2, unitPrice: 5 });
    // A cashier's 姓名 beside the member's, store codes under 门店 beside 门店名称.
    expect(historyColumns(['单号', '姓名', '数量', '销售时间', '单价', '会员号', '会员姓名', '门店', '门店名称']).index).toMatchObject({ name: 6, store: 8 });
    expect(historyColumns(['单号', '数量', '销售时间', '单价', '会员号', '商品名称', '商品名称']).index.description).toBe(5);
  });

  it('refuses a header missing a column it needs, or naming one twice, saying which (422 IMPORT_HEADER_INVALID)', () => {
    expect(refusal(['Invoice', 'Stock'])).toEqual({
      status: 422,
      code: 'IMPORT_HEADER_INVALID',
      details: { expected: LAYOUT_HEADER, missing: ['InvoiceNo', 'Quantity', 'InvoiceDate', 'UnitPrice', 'CustomerID'], repeated: [] },
    });
    // A price in 分 is not a UnitPrice in yuan.
    expect(refusal(['单号', '数量', '销售时间', '单价(分)', '会员号'])).toMatchObject({ details: { missing: ['UnitPrice'], repeated: [] } });
    expect(refusal(['单号', '数量', '销售时间', '日期', '单价', '会员号', '会员卡号'])).toMatchObject({ details: { missing: [], repeated: ['InvoiceDate', 'CustomerID'] } });
    // Names that often mean something else name no column: a till's serial number, the list price, a bank card.
    expect(refusal(['流水号', '数量', '销售时间', '零售价', '卡号'])).toMatchObject({ details: { missing: ['InvoiceNo', 'UnitPrice', 'CustomerID'] } });
    expect(refusal([])).toMatchObject({ code: 'IMPORT_HEADER_INVALID' });
  });
});
