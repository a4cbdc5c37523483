import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

/** Reading a history file (no database): an upload's text with either line ending, and the same file from a path, read alike. */
describe('readInvoices', () => {
  it('reads an upload with LF or CRLF endings (and a byte order mark), and the same file from a path, into the same invoices in time order', async () => {
    const lf = await readInvoices({ text: `${ROWS.join('\n')}\n` }, 'Europe/London');
    const crlf = await readInvoices({ text: `\uFEFF${ROWS.join('\r\n')}\r\n` }, 'Europe/London');
    const dir = mkdtempSync(join(tmpdir(), 'history-'));
    const path = join(dir, 'history.csv');
    writeFileSync(path, ROWS.join('\r\n'));
    const fromPath = await readInvoices(path, 'Europe/London').finally(() => rmSync(dir, { recursive: true }));

    expect(lf.invoices.map((i) => [i.invoiceNo, i.line, i.customerId, i.occurredAt.toISOString(), i.lines.length])).toEqual([
      ['536365', 3, '17850', '2010-12-01T08:26:00.000Z', 2],
      ['536366', 2, '17850', '2010-12-01T08:28:00.000Z', 1],
      ['C536379', 6, '14527', '2010-12-01T09:41:00.000Z', 1],
    ]);
    expect(lf.invoices[0].lines).toEqual([
      { sku: '85123A', name: 'WHITE HANGING HEART T-LIGHT HOLDER', quantity: 6, amountFen: 1530 },
      { sku: '71053', name: 'WHITE METAL LANTERN, LARGE', quantity: 6, amountFen: 2034 },
    ]);
    expect(lf.summary).toMatchObject({ rowsRead: 6, skippedRows: { walkIn: 1, priceNotPositive: 0, malformed: 1 }, malformedRows: [{ line: 8 }] });
    expect(crlf).toEqual(lf);
    expect(fromPath).toEqual(lf);
  });
});
