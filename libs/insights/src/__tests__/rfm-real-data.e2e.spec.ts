import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { importHistory } from '@loyalty/loyalty';
import { bootTestPlatform, createTenant, gqlData, settleOutbox, systemQuery, type TenantFixture, type TestPlatform } from '@loyalty/testing';

const DATA = join(__dirname, '../../../../../shared/data/online-retail-30k.csv');
const AS_OF = new Date('2011-12-10T00:00:00+08:00');
const WINDOW_DAYS = 365;
const DAY = 86_400_000;

/** Splits one CSV record (quotes may hold commas and doubled quotes). */
function fieldsOf(line: string): string[] {
  const fields: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted && ch === '"' && line[i + 1] === '"') {
      current += '"';
      i++;
    } else if (ch === '"') quoted = !quoted;
    else if (ch === ',' && !quoted) {
      fields.push(current);
      current = '';
    } else current += ch;
  }
  fields.push(current);
  return fields;
}

interface Expected {
  recencyDays: number | null;
  frequency: number;
  monetaryFen: number;
  r: number | null;
  f: number | null;
  m: number | null;
  group: string | null;
  lifecycle: string;
  segment: string;
}

/**
 * RFM of the file's customers as of AS_OF, computed here in plain TypeScript from the CSV alone:
 * the platform's figures must come out the same from its own purchase facts.
 */
function referenceFromFile() {
  const invoices = new Map<string, { customer: string; at: Date; totalFen: number }>();
  for (const line of readFileSync(DATA, 'utf8').split(/\r?\n/).slice(1)) {
    if (!line.trim()) continue;
    const [invoiceNo, , , quantity, date, price, customerId] = fieldsOf(line);
    const customer = customerId.trim().replace(/\.0$/, '');
    const priceFen = Math.round(Number(price) * 100);
    if (!customer || priceFen <= 0) continue;
    const invoice = invoices.get(invoiceNo) ?? { customer, at: new Date(`${date.replace(' ', 'T')}+08:00`), totalFen: 0 };
    invoice.totalFen += Number(quantity) * priceFen;
    invoices.set(invoiceNo, invoice);
  }
  // A purchase is seen by insights when it earned points (1 point per whole yuan); a cancellation is a return.
  const since = AS_OF.getTime() - WINDOW_DAYS * DAY;
  const byCustomer = new Map<string, { dates: number[]; inWindow: number; spend: number }>();
  for (const [invoiceNo, invoice] of invoices) {
    const amount = Math.abs(invoice.totalFen);
    const t = invoice.at.getTime();
    const entry = byCustomer.get(invoice.customer) ?? { dates: [], inWindow: 0, spend: 0 };
    byCustomer.set(invoice.customer, entry);
    if (invoiceNo.startsWith('C')) {
      if (t > since) entry.spend -= amount;
    } else if (Math.floor(amount / 100) > 0) {
      entry.dates.push(t);
      if (t > since) {
        entry.inWindow++;
        entry.spend += amount;
      }
    }
  }
  // The import registers each customer at their earliest invoice (a cancellation or a sale below ¥1 too).
  const registered = new Map<string, number>();
  for (const invoice of invoices.values()) registered.set(invoice.customer, Math.min(registered.get(invoice.customer) ?? Infinity, invoice.at.getTime()));
  const people = [...byCustomer].filter(([, e]) => e.dates.length > 0).map(([customer, e]) => {
    const first = Math.min(...e.dates);
    const last = Math.max(...e.dates);
    return {
      customer,
      recencyDays: Math.floor((AS_OF.getTime() - last) / DAY),
      // New counts from the registration when it came first.
      tenureDays: Math.floor((AS_OF.getTime() - Math.min(first, registered.get(customer)!)) / DAY),
      spanDays: Math.floor((last - first) / DAY),
      purchases: e.dates.length,
      frequency: e.inWindow,
      monetaryFen: e.spend,
    };
  });
  const n = people.length;
  const quintileBreaks = (values: number[]) => {
    const sorted = [...values].sort((a, b) => a - b);
    return [0.2, 0.4, 0.6, 0.8].map((p) => sorted[Math.ceil(p * n) - 1]);
  };
  const rb = quintileBreaks(people.map((p) => p.recencyDays));
  const fb = quintileBreaks(people.map((p) => p.frequency));
  const mb = quintileBreaks(people.map((p) => p.monetaryFen));
  const sum = (values: number[]) => values.reduce((a, b) => a + b, 0);
  const sr = sum(people.map((p) => p.recencyDays));
  const sf = sum(people.map((p) => p.frequency));
  const sm = sum(people.map((p) => p.monetaryFen));
  const groups: Record<string, string> = {
    HHH: 'IMPORTANT_VALUE',
    LHH: 'IMPORTANT_WIN_BACK',
    HLH: 'IMPORTANT_DEVELOP',
    LLH: 'IMPORTANT_RETAIN',
    HHL: 'POTENTIAL',
    HLL: 'NEW',
    LHL: 'GENERAL_MAINTAIN',
    LLL: 'LOST',
  };
  const expected = new Map<string, Expected>();
  for (const p of people) {
    const above = (value: number, breaks: number[]) => breaks.filter((b) => value > b).length;
    // High: at least as recent, frequent and spending as the average customer (compared without division).
    const key = [p.recencyDays * n <= sr, p.frequency * n >= sf, p.monetaryFen * n >= sm].map((high) => (high ? 'H' : 'L')).join('');
    const lifecycle =
      p.recencyDays > 180 ? 'churned' : p.recencyDays > 90 ? 'declining' : p.tenureDays < 30 ? 'new' : p.purchases >= 5 ? 'mature' : 'growing';
    const segment = p.tenureDays < 30 ? 'new' : p.purchases === 1 ? 'lost' : p.purchases >= 5 || p.spanDays > 90 ? 'important' : 'sleeping';
    expected.set(p.customer, {
      recencyDays: p.recencyDays,
      frequency: p.frequency,
      monetaryFen: p.monetaryFen,
      r: 5 - above(p.recencyDays, rb),
      f: 1 + above(p.frequency, fb),
      m: 1 + above(p.monetaryFen, mb),
      group: groups[key],
      lifecycle,
      segment,
    });
  }
  // Registered, never bought (every invoice a cancellation or below ¥1): a stage and a segment, no scores.
  for (const [customer, e] of byCustomer) {
    if (e.dates.length > 0) continue;
    const stage = Math.floor((AS_OF.getTime() - registered.get(customer)!) / DAY) < 30 ? 'new' : 'registered';
    expected.set(customer, { recencyDays: null, frequency: 0, monetaryFen: 0, r: null, f: null, m: null, group: null, lifecycle: stage, segment: stage });
  }
  return { expected, rb, fb, mb, n };
}

// 30,000 rows through the POS use cases, then the events through insights.
jest.setTimeout(300_000);

describe('RFM on the imported real purchase data set', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const reference = referenceFromFile();

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0', RFM_SCHEDULE_MS: '0' });
    tenant = await createTenant(platform.app, { alliance: false });
    const { merchant, stores } = tenant.merchants[0];
    await importHistory(platform.app, { file: { path: DATA }, merchantId: merchant.id, storeId: stores[0].id });
    await settleOutbox(platform);
  });
  afterAll(() => platform.close());

  it('scores every customer as the independent reference does: R, F, M, scores, group, lifecycle and segment', async () => {
    const { adminToken, merchant } = tenant.merchants[0];
    const { refreshRfm } = await gqlData(platform, adminToken, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { scopeId members asOf } }`, { asOf: AS_OF.toISOString() });
    expect(refreshRfm).toMatchObject({ scopeId: merchant.id, members: reference.n });
    expect(reference.n).toBeGreaterThan(3_000);

    const rows = await systemQuery<Expected & { externalId: string }>(
      platform,
      `select x.external_id as "externalId", r.recency_days as "recencyDays", r.frequency, r.monetary_fen::float8 as "monetaryFen", r.r, r.f, r.m,
              r.rfm_group as "group", r.lifecycle, r.segment
       from insights.member_rfm r join member_external_ref x on x.member_id = r.member_id and x.merchant_id = r.scope_id
       where r.scope_id = ?`,
      [merchant.id],
    );
    const actual = new Map(rows.map(({ externalId, ...rest }) => [externalId, rest]));
    expect(actual.size).toBe(reference.expected.size);
    const mismatches = [...reference.expected].filter(([customer, want]) => JSON.stringify(actual.get(customer)) !== JSON.stringify(want));
    expect(mismatches.slice(0, 5).map(([customer, want]) => ({ customer, want, got: actual.get(customer) }))).toEqual([]);
    // The data spans a year: every R and M score and every group occurs (most customers bought once or twice, so F's quintiles tie).
    const scored = rows.filter((row) => row.group !== null);
    for (const dimension of ['r', 'm'] as const) expect(new Set(scored.map((row) => row[dimension])).size).toBe(5);
    expect(new Set(scored.map((row) => row.f)).size).toBeGreaterThan(2);
    expect(new Set(rows.flatMap((row) => (row.group ? [row.group] : []))).size).toBe(8);
  });

  it('reports the quintile breakpoints, the groups and the ABC pyramid of the same population', async () => {
    const { adminToken } = tenant.merchants[0];
    const { rfmOverview: overview, abcPyramid } = await gqlData(
      platform,
      adminToken,
      `{ rfmOverview { members recencyBreaks frequencyBreaks monetaryBreaks groups { key members } lifecycle { key members } }
         abcPyramid { tier members revenueFen revenueShareBps } }`,
    );
    expect(overview).toMatchObject({ members: reference.n, recencyBreaks: reference.rb, frequencyBreaks: reference.fb, monetaryBreaks: reference.mb });
    const count = (key: keyof Expected, value: string) => [...reference.expected.values()].filter((e) => e[key] === value).length;
    for (const g of overview.groups) expect(g.members).toBe(count('group', g.key));
    for (const l of overview.lifecycle) expect(l.members).toBe(count('lifecycle', l.key));

    expect(count('lifecycle', 'registered')).toBeGreaterThan(0);
    const spend = [...reference.expected.values()].filter((e) => e.group !== null).map((e) => Math.max(e.monetaryFen, 0)).sort((a, b) => b - a);
    const total = spend.reduce((a, b) => a + b, 0);
    const top = spend.slice(0, Math.floor(reference.n / 5)).reduce((a, b) => a + b, 0);
    expect(abcPyramid[0]).toMatchObject({ tier: 'A', members: Math.floor(reference.n / 5), revenueFen: top, revenueShareBps: Math.floor((top * 10_000) / total) });
    expect(abcPyramid.reduce((sum: number, t: { members: number }) => sum + t.members, 0)).toBe(reference.n);
    // The Pareto shape of real retail: the top fifth brings well over half of the revenue.
    expect(abcPyramid[0].revenueShareBps).toBeGreaterThan(5_000);
  });
});
