import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { bootTestPlatform, createTenant, posGet, type TenantFixture, type TestPlatform } from '@loyalty/testing';
import { importHistory, type ImportSummary } from '../history-import';

const DATA = join(__dirname, '../../../../../../../shared/data/online-retail-30k.csv');

/** The expected figures, computed here independently of the importer's own parsing. */
function expectedFromFile() {
  const rows = readFileSync(DATA, 'utf8')
    .split('\n')
    .slice(1)
    .filter((line) => line.trim() !== '')
    .map((line) => {
      const fields = [...line.matchAll(/(?:^|,)("(?:[^"]|"")*"|[^,]*)/g)].map((m) => m[1].replace(/^"|"$/g, '').replace(/""/g, '"'));
      const [invoice, , , quantity, date, price, customer] = fields;
      return { invoice, quantity: Number(quantity), date, priceFen: Math.round(Number(price) * 100), customer: customer.replace(/\.0$/, '') };
    });
  const byInvoice = new Map<string, typeof rows>();
  for (const row of rows) {
    if (!row.customer || row.priceFen <= 0) continue;
    byInvoice.set(row.invoice, [...(byInvoice.get(row.invoice) ?? []), row]);
  }
  const invoices = [...byInvoice.entries()].map(([invoice, lines]) => ({
    invoice,
    customer: lines[0].customer,
    date: lines[0].date,
    amountFen: Math.abs(lines.reduce((sum, l) => sum + l.quantity * l.priceFen, 0)),
  }));
  return {
    rows: rows.length,
    walkIn: rows.filter((r) => !r.customer).length,
    priceNotPositive: rows.filter((r) => r.customer && r.priceFen <= 0).length,
    customers: new Set(rows.filter((r) => r.customer).map((r) => r.customer)).size,
    purchases: invoices.filter((i) => !i.invoice.startsWith('C')),
    returns: invoices.filter((i) => i.invoice.startsWith('C')),
  };
}

// 30,000 rows, imported twice: about 15 s alone, longer beside the other suites.
jest.setTimeout(240_000);

describe('history import of the real purchase data set', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let first: ImportSummary;
  const expected = expectedFromFile();

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { alliance: false });
    const { merchant, stores } = tenant.merchants[0];
    first = await importHistory(platform.app, { file: { path: DATA }, merchantId: merchant.id, storeId: stores[0].id });
  });
  afterAll(() => platform.close());

  it('creates a member per customer and a purchase or return per invoice, skipping what it must', () => {
    expect(first).toMatchObject({
      rowsRead: expected.rows,
      membersCreated: expected.customers,
      purchases: expected.purchases.length,
      returns: expected.returns.length,
      alreadyImported: 0,
      skippedRows: { walkIn: expected.walkIn, priceNotPositive: expected.priceNotPositive, malformed: 0 },
      refused: {},
    });
    expect(expected.customers).toBe(3_569);
  });

  it('shows an imported member’s history in the member 360 view, as the file has it', async () => {
    const counts = new Map<string, number>();
    for (const p of expected.purchases) counts.set(p.customer, (counts.get(p.customer) ?? 0) + 1);
    const [customer] = [...counts].sort((a, b) => b[1] - a[1])[0];
    const purchases = expected.purchases.filter((p) => p.customer === customer);
    const returns = expected.returns.filter((r) => r.customer === customer);
    const last = purchases.map((p) => p.date).sort().at(-1)!;
    const view = (await posGet(platform, tenant.merchants[0].posKeys[0], `/members?externalId=${customer}`)).body;
    expect(view).toMatchObject({
      member: { externalId: customer, phone: null },
      purchaseCount: purchases.length,
      grossSpendFen: purchases.reduce((sum, p) => sum + p.amountFen, 0),
      refundedFen: returns.reduce((sum, r) => sum + r.amountFen, 0),
      // Invoice times are the merchant's local time (Asia/Shanghai, UTC+8).
      lastPurchaseAt: new Date(`${last.replace(' ', 'T')}+08:00`).toISOString(),
    });
  });

  it('imports nothing twice when the same file runs again', async () => {
    const { merchant, stores } = tenant.merchants[0];
    const again = await importHistory(platform.app, { file: { path: DATA }, merchantId: merchant.id, storeId: stores[0].id });
    expect(again).toMatchObject({ purchases: 0, returns: 0, membersCreated: 0, alreadyImported: expected.purchases.length + expected.returns.length });
  });
});
