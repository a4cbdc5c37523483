import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeGbk } from '@loyalty/testing';
import { CHUNK_BYTES, MAX_LINE_CHARS } from '../history-file';
import { readInvoices } from '../history-import';

const ROWS = [
  'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
  '536366,22633,HAND WARMER UNION JACK,6,2010-12-01 08:28,1.85,17850.0,United Kingdom',
  '536365,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2010-12-01 08:26,2.55,17850.0,United Kingdom',
  '536365,71053,"WHITE METAL LANTERN, LARGE",6,2010-12-01 08:26,3.39,17850.0,United Kingdom',
  '',
  'C536379,85123A,WHITE HANGING HEART T-LIGHT HOLDER,-1,2010-12-01 09:41,2.55,14527.0,United Kingdom',
  '536367,84879,ASSORTED COLOUR BIRD ORNAMENT,32,2010-12-01 08:34,1.69,,United Kingdom',
  '536368,22960,JAM MAKING SET WITH JARS,six,2010-12-01 08:34,4.25,13047.0,United Kingdom',
];

const HEADER = ROWS[0];

/** The bytes as a file read from its path. */
async function fromFile(bytes: Buffer, { charset, timeZone = 'Asia/Shanghai' }: { charset?: string; timeZone?: string } = {}) {
  const dir = mkdtempSync(join(tmpdir(), 'history-'));
  const path = join(dir, 'history.csv');
  writeFileSync(path, bytes);
  return readInvoices({ path, charset }, timeZone).finally(() => rmSync(dir, { recursive: true }));
}

/** Reading a history file (no database): an upload's bytes with either line ending, and the same file from a path, read alike. */
describe('readInvoices', () => {
  it('reads an upload with LF or CRLF endings (and a byte order mark), and the same file from a path, into the same invoices in time order', async () => {
    const lf = await readInvoices({ bytes: Buffer.from(`${ROWS.join('\n')}\n`) }, 'Europe/London');
    const crlf = await readInvoices({ bytes: Buffer.from(`\uFEFF${ROWS.join('\r\n')}\r\n`) }, 'Europe/London');
    const fromPath = await fromFile(Buffer.from(ROWS.join('\r\n')), { timeZone: 'Europe/London' });

    expect(lf.invoices.map((i) => [i.invoiceNo, i.line, i.customerId, i.occurredAt.toISOString(), i.lines.length])).toEqual([
      ['536365', 3, '17850', '2010-12-01T08:26:00.000Z', 2],
      ['536366', 2, '17850', '2010-12-01T08:28:00.000Z', 1],
      ['C536379', 6, '14527', '2010-12-01T09:41:00.000Z', 1],
    ]);
    expect(lf.invoices[0].lines).toEqual([
      { sku: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, amountFen: 1530 },
      { sku: '71053', name: 'WHITE METAL LANTERN, LARGE', quantity: 6, amountFen: 2034 },
    ]);
    expect(lf.summary).toMatchObject({ encoding: 'utf-8', rowsRead: 6, skippedRows: { walkIn: 1, priceNotPositive: 0, malformed: 1 }, malformedRows: [{ line: 8 }] });
    expect(crlf).toEqual(lf);
    expect(fromPath).toEqual(lf);
  });

  it.each([
    ['GBK (as Excel on Chinese Windows saves a CSV)', 'gb18030', 'gbk', encodeGbk],
    ['UTF-8', 'utf-8', 'utf-8', (text: string) => Buffer.from(text)],
  ])('reads %s from a path and from bytes alike, a character split between two of the path\'s chunks included', async (_, found, stated, encode) => {
    // Rows of Chinese product names after a walk-in row padded so that the first chunk ends inside a character.
    const row = (n: number) => `P${n},SKU${n % 7},维生素C泡腾片（橙味）${n},2,2026-03-01 09:15,12.80,${70000 + (n % 50)},中国`;
    const rows = Array.from({ length: 2_000 }, (_, i) => row(i + 1));
    const splitsACharacter = (bytes: Buffer) => {
      try {
        new TextDecoder(found, { fatal: true }).decode(bytes.subarray(0, CHUNK_BYTES));
        return false;
      } catch {
        return true;
      }
    };
    const body = encode(rows.join('\r\n'));
    let bytes: Buffer = Buffer.alloc(0);
    for (let pad = 0; pad < 100 && !splitsACharacter(bytes); pad++) {
      bytes = Buffer.concat([encode(`${HEADER}\r\nW0,X,${'x'.repeat(pad)},1,2026-03-01 09:15,1.00,,CN\r\n`), body]);
    }
    expect(bytes.length).toBeGreaterThan(CHUNK_BYTES);
    expect(splitsACharacter(bytes)).toBe(true);

    const read = await fromFile(bytes);
    const names = read.invoices.flatMap((invoice) => invoice.lines.map((line) => line.name));
    expect(read.summary).toMatchObject({ encoding: found, rowsRead: rows.length + 1, skippedRows: { walkIn: 1, malformed: 0 } });
    expect(names).toHaveLength(rows.length);
    expect(names.filter((name) => !/^维生素C泡腾片（橙味）\d+$/.test(name))).toEqual([]);
    expect(read.invoices[0].lines[0]).toEqual({ sku: 'SKU1', name: '维生素C泡腾片（橙味）1', quantity: 2, amountFen: 2560 });
    expect(await readInvoices({ bytes }, 'Asia/Shanghai')).toEqual(read);
    expect(await fromFile(bytes, { charset: stated.toUpperCase() })).toEqual({ ...read, summary: { ...read.summary, encoding: stated } });
  });

  it('takes dates year first with dashes or slashes, as Excel on Chinese Windows writes them, a date alone as its day\'s start, and no date it would have to guess', async () => {
    const rows = [
      HEADER,
      'D1,S1,N,1,2010/12/1 8:26,2.55,70001,CN',
      'D2,S1,N,1,2010-12-01 08:26:00,2.55,70001,CN',
      'D3,S1,N,1,2010/12/01 18:05:30,2.55,70001,CN',
      'D4,S1,N,1,12/1/2010 8:26,2.55,70001,CN',
      'D5,S1,N,1,2010-12/1 8:26,2.55,70001,CN',
      'D6,S1,N,1,2010/2/30 8:26,2.55,70001,CN',
      'D7,S1,N,1,2010/12/1 24:00,2.55,70001,CN',
      'D8,S1,N,1,2010/12/2,2.55,70001,CN',
      'D9,S1,N,1,2010-12-02 8,2.55,70001,CN',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => [i.invoiceNo, i.occurredAt.toISOString()])).toEqual([
      ['D1', '2010-12-01T00:26:00.000Z'],
      ['D2', '2010-12-01T00:26:00.000Z'],
      ['D3', '2010-12-01T10:05:30.000Z'],
      ['D8', '2010-12-01T16:00:00.000Z'],
    ]);
    const reason = 'InvoiceDate is not a date (and time), year first (2011-10-06 16:20, 2011/10/6 16:20 or 2011-10-06)';
    expect(read.summary.malformedRows).toEqual([5, 6, 7, 8, 10].map((line) => ({ line, reason })));
  });

  it('reads a Chinese POS export by its columns\' names: in its own order, other columns left unread, the date and the time apart', async () => {
    const rows = [
      '销售单号,门店,会员卡号,日期,时间,商品名称,商品编码,数量,单价（元）,金额',
      'XS-20260301-001,一店,8800123,2026/3/1,9:15,维生素C泡腾片（橙味）,6901234,2,12.80,25.60',
      'XS-20260301-001,一店,8800123,2026/3/1,9:15,"口罩, 10只装",6905678,1,￥9.90,9.90',
      'XS-20260301-002,一店,,2026/3/1,9:20,口罩,6905678,1,9.90,9.90',
      'TH-20260302-001,一店,8800123,2026/3/2,,口罩,6905678,-1,9.90,-9.90',
      'XS 20260302,一店,8800123,2026/3/2,10:00,口罩,6905678,1,9.90,9.90',
      'XS-20260302-009,一店,8800123,2026/3/2,10:00,口罩,6905678,1,9.90',
    ];
    const read = await readInvoices({ bytes: encodeGbk(rows.join('\r\n')) }, 'Asia/Shanghai');
    expect(read.invoices).toEqual([
      {
        line: 2,
        invoiceNo: 'XS-20260301-001',
        customerId: '8800123',
        store: '一店',
        occurredAt: new Date('2026-03-01T01:15:00Z'),
        lines: [
          { sku: '6901234', name: '维生素C泡腾片（橙味）', quantity: 2, amountFen: 2560 },
          { sku: '6905678', name: '口罩, 10只装', quantity: 1, amountFen: 990 },
        ],
      },
      {
        line: 5,
        invoiceNo: 'TH-20260302-001',
        customerId: '8800123',
        store: '一店',
        occurredAt: new Date('2026-03-01T16:00:00Z'),
        lines: [{ sku: '6905678', name: '口罩', quantity: 1, amountFen: -990 }],
      },
    ]);
    expect(read.stores).toEqual(new Map([['一店', { name: '一店', line: 2 }]]));
    expect(read.summary).toMatchObject({
      encoding: 'gb18030',
      rowsRead: 6,
      skippedRows: { walkIn: 1, malformed: 2 },
      malformedRows: [
        { line: 6, reason: 'InvoiceNo is not an invoice number (letters and digits, also _ . / # - after the first, up to 64)' },
        { line: 7, reason: 'expected 10 fields' },
      ],
    });
    // Without a product code or name the lines are still read; a spaced invoice number is not one.
    const bare = await readInvoices({ bytes: Buffer.from('会员号,单号,数量,销售时间,单价\n70001,A1,1,2026-03-01 09:15,2.00\n70001,A 2,1,2026-03-01 09:15,2.00') }, 'Asia/Shanghai');
    expect(bare.invoices.map((i) => [i.invoiceNo, i.lines])).toEqual([['A1', [{ sku: '-', name: '', quantity: 1, amountFen: 200 }]]]);
    expect(bare.summary.malformedRows).toEqual([{ line: 3, reason: 'InvoiceNo is not an invoice number (letters and digits, also _ . / # - after the first, up to 64)' }]);
    // A time column gives the time of day, beside a date alone or a date at midnight as databases export one.
    const both = await readInvoices({ bytes: Buffer.from('单号,会员号,数量,单价,销售日期,时间\nB1,70001,1,2.00,2026-03-01 00:00:00,09:15:30\nB2,70001,1,2.00,2026-03-01,09:16') }, 'Asia/Shanghai');
    expect(both.invoices.map((i) => [i.invoiceNo, i.occurredAt.toISOString()])).toEqual([
      ['B1', '2026-03-01T01:15:30.000Z'],
      ['B2', '2026-03-01T01:16:00.000Z'],
    ]);
  });

  it("reads a chain's export of several stores: an invoice number is a store's, a store's name compared whatever its width, case and spacing, a row naming none reported", async () => {
    const rows = [
      '单号,门店,会员号,销售时间,数量,单价',
      '1001,朝阳店,70001,2026-03-01 09:15,1,2.00',
      '1001,海淀店,70002,2026-03-01 09:15,1,3.00',
      '1001, 朝阳店 ,70001,2026-03-01 09:15,2,2.00',
      '1002,Ｗｅｓｔ  Gate,70003,2026-03-01 09:20,1,4.00',
      '1003,west gate,70003,2026-03-01 09:21,1,4.00',
      '1004,,70001,2026-03-01 09:30,1,5.00',
      '1001,海淀店,70009,2026-03-01 09:40,1,3.00',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => [i.invoiceNo, i.store, i.customerId, i.lines.map((l) => l.amountFen)])).toEqual([
      ['1001', '朝阳店', '70001', [200, 400]],
      ['1001', '海淀店', '70002', [300]],
      ['1002', 'west gate', '70003', [400]],
      ['1003', 'west gate', '70003', [400]],
    ]);
    // Each store as first written, with its line: what a refusal names.
    expect(read.stores).toEqual(
      new Map([
        ['朝阳店', { name: '朝阳店', line: 2 }],
        ['海淀店', { name: '海淀店', line: 3 }],
        ['west gate', { name: 'Ｗｅｓｔ  Gate', line: 5 }],
      ]),
    );
    // A row without its store (an Excel export of merged cells) is reported; within a store a number is still one invoice.
    expect(read.summary.malformedRows).toEqual([
      { line: 7, reason: 'Store is empty: name the store of every row (cells merged in Excel are empty after their first row)' },
      { line: 8, reason: "InvoiceNo 1001 is line 3's invoice, of another customer or time" },
    ]);
  });

  it("reads customers' names, genders and birthdays, each from the first of their rows' cells that can be read, passing over stand-ins and reporting per column what it cannot read", async () => {
    const rows = [
      '会员号,单号,销售时间,数量,单价,姓名,性别,生日',
      '70001,P1,2026-03-01 09:00,1,2.00,张三,男,1990/5/12',
      '70001,P2,2026-03-02 09:00,1,2.00,张三丰,女,1991-01-01',
      '70002,P3,2026-03-01 09:10,1,2.00,-,保密,',
      '70003,P4,2026-03-01 09:20,1,2.00,李四,X,1990-02-30',
      '70003,P5,2026-03-02 09:20,1,2.00,,女,1990-02-28',
      '70004,P6,2026-03-01 09:30,1,2.00,王五,Ｆ,2099-01-01',
      '70005,P7,2026-03-01 09:40,1,2.00,#N/A,,1985-07-01 00:00:00',
      '70006,P8,2026-03-01 09:50,1,2.00,13800138000,男士,1900-01-01',
      '70007,P9,2026-03-01 09:55,1,2.00,70007,不详,05-12',
      '70008,P10,2026-03-01 09:56,1,2.00,,,1899-12-30',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices).toHaveLength(10);
    expect(read.profiles).toEqual(
      new Map([
        ['70001', { line: 2, name: '张三', gender: 'male', birthday: '1990-05-12' }],
        ['70003', { line: 5, name: '李四', gender: 'female', birthday: '1990-02-28' }],
        ['70004', { line: 7, name: '王五', gender: 'female' }],
        ['70005', { line: 8, birthday: '1985-07-01' }],
        ['70006', { line: 9, gender: 'male' }],
      ]),
    );
    expect(read.summary.skippedRows.malformed).toBe(0);
    expect(read.summary.notTaken).toEqual([
      {
        line: 7,
        code: 'PROFILE_NOT_TAKEN',
        reason: "2 customers' birthday cells are not a past date, year first (1990-05-12 or 1990/5/12), e.g. 2099-01-01 (line 7), 05-12 (line 10): left out",
      },
    ]);
    // A birthday or a name many customers share is a placeholder (a system's default, the cashier's 姓名): left out for all of them, reported once.
    const shared = [
      '会员号,单号,销售时间,数量,单价,姓名,生日',
      ...Array.from({ length: 11 }, (_, i) => `7100${i},Q${i},2026-03-01 09:00,1,2.00,收银员甲,1980-01-01`),
      '71099,Q99,2026-03-01 09:00,1,2.00,钱七,1981-02-03',
    ];
    const placeholder = await readInvoices({ bytes: Buffer.from(shared.join('\n')) }, 'Asia/Shanghai');
    expect([...placeholder.profiles.values()].filter((p) => p.birthday || p.name)).toEqual([{ line: 13, name: '钱七', birthday: '1981-02-03' }]);
    expect(placeholder.summary.notTaken).toEqual([
      { line: 2, code: 'PROFILE_NOT_TAKEN', reason: 'The name 收银员甲 is given by 11 of 12 customers: a placeholder, not theirs? Left out for all of them' },
      { line: 2, code: 'PROFILE_NOT_TAKEN', reason: 'The birthday 1980-01-01 is given by 11 of 12 customers: a placeholder, not theirs? Left out for all of them' },
    ]);
    // Without those columns, no profiles.
    expect((await readInvoices({ bytes: Buffer.from(ROWS.join('\n')) }, 'Europe/London')).profiles).toEqual(new Map());
  });

  it('reports rows that cannot belong to their invoice, long numbers Excel turned into floats, and invoice numbers by their limits', async () => {
    const rows = [
      '单号,会员号,商品编码,数量,单价,销售时间',
      '0001,70001,S1,2,5.00,2026-03-01 09:15',
      '0001,70001,S2,1,3.00,2026-03-01 09:16',
      '0001,70002,S1,1,5.00,2026-03-01 09:16',
      '0001,70001,S1,1,5.00,2026-03-02 09:15',
      '0001,70001,S1,-1,5.00,2026-03-01 09:16',
      'T1,70001,S1,-1,5.00,2026-03-01 10:00',
      'T1,70001,S1,1,5.00,2026-03-01 10:00',
      'E1,1.38001E+10,S1,1,5.00,2026-03-01 11:00',
      'E2,70001,6.90123E+12,1,5.00,2026-03-01 11:00',
      `${'N'.repeat(64)},70001,S1,1,5.00,2026-03-01 12:00`,
      `${'N'.repeat(65)},70001,S1,1,5.00,2026-03-01 12:00`,
      '-N1,70001,S1,1,5.00,2026-03-01 12:00',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => [i.invoiceNo, i.lines.map((l) => l.amountFen)])).toEqual([
      ['0001', [1000, 300]],
      ['T1', [-500]],
      ['N'.repeat(64), [500]],
    ]);
    const invoiceNo = 'InvoiceNo is not an invoice number (letters and digits, also _ . / # - after the first, up to 64)';
    const scientific = 'CustomerID, StockCode or Phone is a number in scientific notation (1.38001E+10), its digits lost: format the column as text before saving';
    expect(read.summary.malformedRows).toEqual([
      { line: 4, reason: "InvoiceNo 0001 is line 2's invoice, of another customer or time" },
      { line: 5, reason: "InvoiceNo 0001 is line 2's invoice, of another customer or time" },
      { line: 6, reason: "a return line (Quantity below zero) in line 2's sale: an invoice is a sale or a return, not both" },
      { line: 8, reason: "a sale line in line 7's return: an invoice is a sale or a return, not both" },
      { line: 9, reason: scientific },
      { line: 10, reason: scientific },
      { line: 12, reason: invoiceNo },
      { line: 13, reason: invoiceNo },
    ]);
  });

  it("reads each customer's mobile number as the POS API keeps it, from any of their rows, and reports phones it cannot take", async () => {
    const rows = [
      '单号,会员号,手机号码,商品编码,数量,单价,销售时间',
      'P1,70001,,S1,1,5.00,2026-03-01 09:00',
      'P1,70001,+86 138-0013-8000,S2,1,5.00,2026-03-01 09:00',
      'P2,70001,13800138000.0,S1,1,5.00,2026-03-02 09:00',
      'P3,70001,13900139000,S1,1,5.00,2026-03-03 09:00',
      'P4,70002,138****8000,S1,1,5.00,2026-03-03 09:00',
      'P5,70003,010-62345678,S1,1,5.00,2026-03-03 09:00',
      'P6,70004,1.38001E+10,S1,1,5.00,2026-03-03 09:00',
      'P7,70005,008613700137000,S1,1,5.00,2026-03-03 09:00',
      'P8,,13600136000,S1,1,5.00,2026-03-03 09:00',
      'P9,70006,12345678901,S1,1,5.00,2026-03-03 09:00',
      'P10,70007,无,S1,1,5.00,2026-03-03 09:00',
      'P11,70008,-,S1,1,5.00,2026-03-03 09:00',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => [i.invoiceNo, i.lines.length])).toEqual([
      ['P1', 2],
      ['P2', 1],
      ['P10', 1],
      ['P11', 1],
      ['P7', 1],
    ]);
    expect([...read.phones]).toEqual([
      ['70001', { phone: '13800138000', line: 3 }],
      ['70005', { phone: '13700137000', line: 9 }],
    ]);
    expect(read.summary.skippedRows).toEqual({ walkIn: 1, priceNotPositive: 0, malformed: 5 });
    const notMobile = 'Phone is not a mainland mobile number (11 digits from 13 to 19, +86 taken): correct it, or leave the cell empty';
    expect(read.summary.malformedRows).toEqual([
      // Numbers in reasons are masked: reasons are kept on the job and shown in the console.
      { line: 5, reason: "Phone 139****9000 is not line 3's 138****8000 of CustomerID 70001: a customer has one phone" },
      { line: 6, reason: 'Phone is masked (138****8000): export the whole numbers, or leave the column out' },
      { line: 7, reason: notMobile },
      { line: 8, reason: 'CustomerID, StockCode or Phone is a number in scientific notation (1.38001E+10), its digits lost: format the column as text before saving' },
      { line: 11, reason: notMobile },
    ]);
  });

  it('takes the phone as the customer number in a file without CustomerID: none is a walk-in, a bad one a malformed row', async () => {
    const rows = [
      '单号,手机号,数量,单价,销售时间',
      'K1,13800138000,1,5.00,2026-03-01 09:00',
      'K2,+86 13800138000,1,5.00,2026-03-02 09:00',
      'K3,,1,5.00,2026-03-03 09:00',
      'K4,无,1,5.00,2026-03-03 09:00',
      'K5,138****8000,1,5.00,2026-03-03 09:00',
      'K6,1.38001E+10,1,5.00,2026-03-03 09:00',
    ];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => [i.invoiceNo, i.customerId])).toEqual([
      ['K1', '13800138000'],
      ['K2', '13800138000'],
    ]);
    expect([...read.phones]).toEqual([['13800138000', { phone: '13800138000', line: 2 }]]);
    expect(read.summary.skippedRows).toEqual({ walkIn: 2, priceNotPositive: 0, malformed: 2 });
    expect(read.summary.malformedRows.map((r) => [r.line, r.reason.slice(0, 15)])).toEqual([
      [6, 'Phone is masked'],
      [7, 'CustomerID, Sto'],
    ]);
    // Two phone columns where one stands in for CustomerID: which is the customer's cannot be told.
    await expect(readInvoices({ bytes: Buffer.from('单号,手机,手机号,数量,单价,销售时间\nK1,13800138000,13900139000,1,5.00,2026-03-01 09:00') }, 'Asia/Shanghai')).rejects.toMatchObject({
      code: 'IMPORT_HEADER_INVALID',
      details: expect.objectContaining({ repeated: ['Phone'] }),
    });
  });

  it('takes no phone that more than five customer numbers give (a placeholder), reporting each customer; five may share one', async () => {
    const row = (n: number, phone: string) => `Q${n},7100${n},${phone},S1,1,5.00,2026-03-01 09:0${n}`;
    const rows = ['单号,会员号,手机,商品编码,数量,单价,销售时间', ...[1, 2, 3, 4, 5, 6].map((n) => row(n, '13800138000')), 'Q7,71007,13500135000,S1,1,5.00,2026-03-01 09:07'];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices).toHaveLength(7);
    expect([...read.phones]).toEqual([['71007', { phone: '13500135000', line: 8 }]]);
    expect(read.summary.malformedRows.map((r) => r.line)).toEqual([2, 3, 4, 5, 6, 7]);
    expect(read.summary.malformedRows[0].reason).toContain('Phone 138****8000 is given by 6 customer numbers, more than 5');
    const five = await readInvoices({ bytes: Buffer.from(rows.slice(0, 6).join('\n')) }, 'Asia/Shanghai');
    expect([five.phones.size, five.summary.skippedRows.malformed]).toEqual([5, 0]);
  });

  it('reads UTF-16 with its byte order mark, and a charset it is told', async () => {
    const text = [HEADER, 'A1,S1,牛肉干,1,2026-03-01 09:15,25.00,70001,中国'].join('\r\n');
    const utf16 = await readInvoices({ bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) }, 'Asia/Shanghai');
    expect(utf16.summary.encoding).toBe('utf-16le');
    expect(utf16.invoices[0].lines[0].name).toBe('牛肉干');
    // Valid UTF-8 throughout is read as UTF-8, unless the upload says otherwise.
    expect((await readInvoices({ bytes: Buffer.from(text) }, 'Asia/Shanghai')).invoices[0].lines[0].name).toBe('牛肉干');
    expect((await readInvoices({ bytes: encodeGbk(text), charset: 'gb2312' }, 'Asia/Shanghai')).invoices[0].lines[0].name).toBe('牛肉干');
    // Names the decoder takes otherwise: ASCII as UTF-8 (not windows-1252), Windows' code page 936 as GBK.
    expect((await readInvoices({ bytes: Buffer.from(text), charset: 'US-ASCII' }, 'Asia/Shanghai')).summary.encoding).toBe('utf-8');
    expect((await readInvoices({ bytes: encodeGbk(text), charset: 'CP936' }, 'Asia/Shanghai')).invoices[0].lines[0].name).toBe('牛肉干');
    // GB18030's own byte order mark, found or stated.
    const marked = Buffer.concat([Buffer.from([0x84, 0x31, 0x95, 0x33]), encodeGbk(text)]);
    for (const charset of [undefined, 'gb18030']) {
      const read = await readInvoices({ bytes: marked, charset }, 'Asia/Shanghai');
      expect([read.summary.encoding, read.invoices[0].lines[0].name]).toEqual(['gb18030', '牛肉干']);
    }
  });

  it('reads a row\'s numbers as Excel saves formatted cells: thousands separators, the yuan sign', async () => {
    const rows = [HEADER, 'N1,S1,N,"1,200",2026-03-01 09:15,"¥1,234.50",70001,CN', 'N2,S1,N,2.0,2026-03-01 09:16,¥12.80,70001,CN', 'N3,S1,N,1,2026-03-01 09:17,$1.50,70001,CN'];
    const read = await readInvoices({ bytes: Buffer.from(rows.join('\n')) }, 'Asia/Shanghai');
    expect(read.invoices.map((i) => i.lines[0])).toEqual([
      { sku: 'S1', name: 'N', quantity: 1200, amountFen: 148_140_000 },
      { sku: 'S1', name: 'N', quantity: 2, amountFen: 2560 },
    ]);
    expect(read.summary.malformedRows).toEqual([{ line: 4, reason: 'UnitPrice is not a decimal number' }]);
  });

  it('ends lines at CRLF, LF or a lone CR, a CRLF split between two of the path\'s chunks included', async () => {
    const ok = Array.from({ length: 1_600 }, (_, i) => `L${i},S1,N,1,2026-03-01 09:15,2.55,${70000 + (i % 9)},CN`);
    const file = (end: string, pad: number) => Buffer.from([HEADER, `W0,X,${'x'.repeat(pad)},1,2026-03-01 09:15,1.00,,CN`, ...ok, 'B1,S1,N,one,2026-03-01 09:15,2.55,70001,CN'].join(end));
    let pad = 0;
    while (file('\r\n', pad)[CHUNK_BYTES - 1] !== 0x0d) pad++;
    const crlf = file('\r\n', pad);
    expect(crlf.subarray(CHUNK_BYTES - 1, CHUNK_BYTES + 1).toString()).toBe('\r\n');
    const badLine = { line: ok.length + 3, reason: 'Quantity is not a non-zero whole number' };
    for (const bytes of [crlf, file('\r', pad), file('\n', pad)]) {
      const fromPath = await fromFile(bytes);
      expect(fromPath.summary).toMatchObject({ rowsRead: ok.length + 2, skippedRows: { walkIn: 1, malformed: 1 }, malformedRows: [badLine] });
      expect(fromPath.invoices).toHaveLength(ok.length);
      expect(await readInvoices({ bytes }, 'Asia/Shanghai')).toEqual(fromPath);
    }
  });

  it('refuses a workbook, bytes not in the charset it was said to be in, a charset it does not read, a line too long, and a file of blank lines, each with its code', async () => {
    const gbk = encodeGbk([HEADER, 'A1,S1,牛肉干,1,2026-03-01 09:15,25.00,70001,中国'].join('\n'));
    const refusal = (read: Promise<unknown>) => read.then(() => 'read', (e) => [e.status, e.code]);
    const read = (file: Parameters<typeof readInvoices>[0]) => refusal(readInvoices(file, 'Asia/Shanghai'));
    expect(await read({ bytes: Buffer.from('PK\x03\x04\x14\x00\x06\x00', 'latin1') })).toEqual([422, 'IMPORT_NOT_CSV']);
    expect(await read({ bytes: Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1]) })).toEqual([422, 'IMPORT_NOT_CSV']);
    expect(await read({ bytes: gbk, charset: 'utf-8' })).toEqual([422, 'IMPORT_ENCODING_INVALID']);
    // Neither UTF-8 nor GB18030 (a lead byte, then a tab), two chunks into a file read from its path.
    const neither = Buffer.concat([Buffer.from(`${HEADER}\n${'A1,S1,N,1,2026-03-01 09:15,25.00,70001,CN\n'.repeat(2000)}A2,S1,`), Buffer.from([0x81, 0x09])]);
    expect(neither.length).toBeGreaterThan(CHUNK_BYTES);
    expect(await refusal(fromFile(neither))).toEqual([422, 'IMPORT_ENCODING_INVALID']);
    // A charset that decodes any bytes would store a GBK file garbled.
    for (const charset of ['x-klingon', 'latin1', 'ISO-8859-1', 'windows-1252', 'x-user-defined']) {
      expect(await read({ bytes: gbk, charset })).toEqual([415, 'IMPORT_ENCODING_UNSUPPORTED']);
    }
    // A line over the limit, in the middle of the file; one at the limit is only a malformed row.
    const row = 'A1,S1,N,1,2026-03-01 09:15,25.00,70001,CN';
    const long = Buffer.from([HEADER, row, 'x'.repeat(MAX_LINE_CHARS + 1), row].join('\r\n'));
    await expect(fromFile(long)).rejects.toMatchObject({ status: 422, code: 'IMPORT_LINE_TOO_LONG', details: { line: 3 } });
    await expect(readInvoices({ bytes: long }, 'Asia/Shanghai')).rejects.toMatchObject({ status: 422, code: 'IMPORT_LINE_TOO_LONG', details: { line: 3 } });
    const atLimit = Buffer.from([HEADER, row, 'x'.repeat(MAX_LINE_CHARS), row].join('\r\n'));
    expect((await fromFile(atLimit)).summary).toMatchObject({ rowsRead: 3, skippedRows: { malformed: 1 } });
    expect(await read({ bytes: Buffer.from('\r\n \n\n') })).toEqual([422, 'IMPORT_FILE_EMPTY']);
    // Blank lines before the header are skipped; the line numbers still count them.
    const late = await readInvoices({ bytes: Buffer.from(`\n\n${HEADER}\nA1,S1,N,one,2026-03-01 09:15,25.00,70001,CN`) }, 'Asia/Shanghai');
    expect(late.summary.malformedRows).toEqual([{ line: 4, reason: 'Quantity is not a non-zero whole number' }]);
  });
});
