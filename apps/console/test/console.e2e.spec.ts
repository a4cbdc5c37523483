import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { bootTestPlatform, createTenant, drainOutbox, gql, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { PASSWORD, type StaffLogins, staffLogins } from './staff-logins';

const ROOT = resolve(__dirname, '../../..');
const CONSOLE_SRC = resolve(__dirname, '..');
const CONSOLE_DIST = join(ROOT, 'dist/console');
const SCREENSHOTS = join(ROOT, '.data/console-screenshots');

/** The newest modification time under a path (files only). */
function newest(path: string): number {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.mtimeMs;
  return Math.max(0, ...readdirSync(path).map((name) => newest(join(path, name))));
}

/** Builds the console with Vite unless dist/console is newer than its sources. */
function ensureConsoleBuilt(): void {
  const index = join(CONSOLE_DIST, 'index.html');
  const sources = Math.max(newest(join(CONSOLE_SRC, 'src')), newest(join(CONSOLE_SRC, 'index.html')), newest(join(CONSOLE_SRC, 'vite.config.ts')));
  if (existsSync(index) && statSync(index).mtimeMs > sources) return;
  execFileSync(process.execPath, [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--config', join(CONSOLE_SRC, 'vite.config.ts'), '--logLevel', 'warn'], {
    cwd: ROOT,
    stdio: 'inherit',
  });
}

/** Retries an assertion until it holds (the page renders asynchronously), up to `ms`. */
async function eventually(assertion: () => Promise<void>, ms = 60_000): Promise<void> {
  const end = Date.now() + ms;
  for (;;) {
    try {
      return await assertion();
    } catch (error) {
      if (Date.now() > end) throw error;
      await new Promise((r) => setTimeout(r, 150));
    }
  }
}
const visible = (locator: Locator) => locator.first().waitFor({ state: 'visible' });
const hasText = (locator: Locator, text: string, exact = true) =>
  eventually(async () => {
    const actual = (await locator.first().textContent())?.trim() ?? '';
    if (exact) expect(actual).toBe(text);
    else expect(actual).toContain(text);
  });
const count = (locator: Locator, n: number) => eventually(async () => expect(await locator.count()).toBe(n));

/**
 * The console in Debian's Chromium against the real platform (PostgreSQL, row-level security),
 * served by the platform itself at `/`: each role logs in and sees its part; a member's earning at
 * one merchant and redemption at another show on the member page; a clearing run and a settlement
 * payment are done through the UI; a clerk cannot open another store's member; English on the switch.
 */
describe('operator console in a browser', () => {
  let platform: TestPlatform;
  let base: string;
  let browser: Browser;
  let tenant: TenantFixture;
  let emails: StaffLogins;
  let memberId: string;
  let phone: string;
  let schemeId: string;

  const ok = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(platform, token, query, variables);
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data;
  };

  beforeAll(async () => {
    ensureConsoleBuilt();
    mkdirSync(SCREENSHOTS, { recursive: true });
    platform = await bootTestPlatform({ CLEARING_SCHEDULE_MS: '0' }, undefined, CONSOLE_DIST);
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    base = `http://127.0.0.1:${(platform.app.getHttpServer().address() as AddressInfo).port}`;

    tenant = await createTenant(platform.app, { merchants: 2 });
    const [a, b] = tenant.merchants;
    await drainOutbox(platform);
    emails = await staffLogins(platform, tenant);

    // A member registers at A's till, earns 1000 points at A and spends 300 at B (October 2026).
    phone = uniquePhone();
    memberId = (await posPost(platform, a.posKeys[0], '/members', { phone, name: '李四' })).body.id;
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'E2E-1', amountFen: 1000_00, occurredAt: '2026-10-10T10:00:00+08:00' })).status).toBe(201);
    expect((await posPost(platform, b.posKeys[0], '/redemptions', { memberId, points: 300, orderNo: 'E2E-2', occurredAt: '2026-10-20T10:00:00+08:00' })).status).toBe(201);
    await drainOutbox(platform);

    // The alliance's clearing scheme and terms (set up through the API; the run is done in the UI).
    schemeId = (await ok(tenant.operatorToken!, `mutation { createClearingScheme(input: { name: "联盟月结", participantKind: merchant, operatorName: "测试联盟" }) { id } }`)).createClearingScheme.id;
    for (const [merchant, issue] of [
      [a, '0.5'],
      [b, '0.5'],
    ] as const) {
      await ok(tenant.operatorToken!, `mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { id } }`, {
        input: { schemeId, participantId: merchant.merchant.id, effectiveFrom: '2025-01-01', issuePricePerPoint: issue, redemptionRatePerPoint: '0.4', commissionBps: 1000, breakageShareBps: 5000 },
      });
    }

    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    });
  }, 300_000);

  // A failed test leaves its browser context open; the next test starts clean.
  afterEach(async () => {
    await Promise.all(browser?.contexts().map((context) => context.close()) ?? []);
  });

  afterAll(async () => {
    await browser?.close();
    await platform?.close();
  });

  /** A fresh browser context (its own localStorage), logged in through the login page. */
  async function login(email: string): Promise<Page> {
    const context = await browser.newContext({ viewport: { width: 1366, height: 900 }, locale: 'zh-CN', timezoneId: 'UTC' });
    const page = await context.newPage();
    // Generous: the machine's two cores are shared with the other suites.
    page.setDefaultTimeout(60_000);
    try {
      await page.goto(`${base}/`);
      await page.locator('input[name="username"]').fill(email);
      await page.locator('input[name="password"]').fill(PASSWORD);
      await page.locator('button[type="submit"]').click();
      await page.getByTestId('role').waitFor();
    } catch (error) {
      await shot(page, 'login-failed').catch(() => undefined);
      throw error;
    }
    return page;
  }
  const shot = (page: Page, name: string) => page.screenshot({ path: join(SCREENSHOTS, `${name}.png`), fullPage: true });
  const menu = (page: Page) => page.locator('.RaMenu-open, .RaMenu-closed').first();

  it('serves the console at / beside the API', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(await index.text()).toContain('<div id="root"></div>');
    expect((await fetch(`${base}/health`)).status).toBe(200);
    expect((await fetch(`${base}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ query: '{ __typename }' }) })).status).toBe(200);
    expect((await fetch(`${base}/no-such-page`)).status).toBe(404);
  });

  it('shows the alliance operator the alliance: dashboard, merchants, and the member with both merchants’ activity', async () => {
    const page = await login(emails.operator);
    await hasText(page.getByTestId('role'), '联盟运营');
    // Points issued at A and redeemed at B, from the ledger.
    await hasText(page.getByTestId('points-issued'), '1,000');
    await hasText(page.getByTestId('points-redeemed'), '300');
    await shot(page, '01-dashboard-operator');
    await visible(menu(page).getByText('商家联盟'));
    await visible(menu(page).getByText('清算批次'));

    await page.goto(`${base}/#/members`);
    // Search by phone finds the member; the member page is the member 360.
    await page.locator('input[name="q"]').fill(phone.slice(0, 9));
    await visible(page.locator('td', { hasText: phone }));
    await page.goto(`${base}/#/members/${memberId}/show`);
    await page.getByTestId('points-balance').waitFor();
    await hasText(page.getByTestId('points-balance'), '700');
    await hasText(page.getByTestId('gross-spend'), '¥1,000.00');
    await shot(page, '02-member-360');
    await page.getByRole('tab', { name: '积分流水' }).click();
    const ledger = page.getByTestId('member-ledger');
    await visible(ledger.getByText('消费积分'));
    await visible(ledger.getByText('积分抵扣'));
    await visible(ledger.getByText(tenant.merchants[0].merchant.name));
    await visible(ledger.getByText(tenant.merchants[1].merchant.name));
    // October 10th, 10:00 in Shanghai: the merchant's zone, not the browser's (UTC).
    await visible(ledger.getByText('2026/10/10 10:00'));
    await shot(page, '03-member-ledger');
    await page.context().close();
  }, 300_000);

  it('runs a clearing and confirms a settlement payment through the console', async () => {
    const page = await login(emails.operator);
    await page.goto(`${base}/#/clearingRuns/create`);
    await page.getByRole('combobox', { name: '清算方案' }).click();
    await page.getByRole('option', { name: '联盟月结' }).click();
    await page.locator('input[name="periodStart"]').fill('2026-10-01');
    await page.locator('input[name="periodEnd"]').fill('2026-11-01');
    await page.getByRole('button', { name: '保存' }).click();
    const positions = page.getByTestId('run-positions');
    await positions.waitFor();
    // A pays 1000 × 0.5 = ¥5.00; B is reimbursed 300 × 0.4 = ¥1.20 less 10 %: ¥1.08.
    await hasText(positions.locator('tr', { hasText: tenant.merchants[0].merchant.name }), '-¥5.00', false);
    await hasText(positions.locator('tr', { hasText: tenant.merchants[1].merchant.name }), '¥1.08', false);
    await count(page.getByTestId('positions-chart').locator('.recharts-bar-rectangle'), 3);
    await shot(page, '04-clearing-run');

    await page.getByRole('button', { name: '生成结算单' }).click();
    await page.waitForURL(/#\/settlementStatements/);
    await visible(page.getByText('已出单'));
    await page.locator('tr', { hasText: tenant.merchants[0].merchant.name }).first().click();
    await page.waitForURL(/#\/settlementStatements\/[^/?]+\/show/);
    await hasText(page.getByTestId('outstanding'), '¥5.00', false);
    await page.getByTestId('confirm-payment').click();
    await page.locator('input[name="reference"]').fill('BANK-E2E-1');
    await page.getByTestId('confirm-payment-submit').click();
    await hasText(page.getByTestId('outstanding'), '¥0.00', false);
    await visible(page.getByText('已付款').first());
    await shot(page, '05-statement-paid');

    const statements = (await ok(tenant.operatorToken!, `{ settlementStatements { partyId status } }`)).settlementStatements as { partyId: string; status: string }[];
    expect(statements.find((s) => s.partyId === tenant.merchants[0].merchant.id)?.status).toBe('paid');

    await page.goto(`${base}/#/`);
    await count(page.getByTestId('positions-chart').locator('.recharts-bar-rectangle'), 3);
    await shot(page, '06-dashboard-positions');
    await page.context().close();
  }, 300_000);

  it('shows a merchant admin their merchant, and a new POS key once', async () => {
    const page = await login(emails.adminA);
    await hasText(page.getByTestId('role'), '商家管理员');
    await visible(menu(page).getByText('POS 密钥'));
    await count(menu(page).getByText('商家联盟'), 0);
    await page.goto(`${base}/#/posKeys/create`);
    await page.locator('input[name="name"]').fill('三号收银台');
    await page.getByRole('combobox', { name: '门店' }).click();
    await page.getByRole('option', { name: tenant.merchants[0].stores[1].name }).click();
    await page.getByRole('button', { name: '保存' }).click();
    const key = (await page.getByTestId('pos-key').textContent())!;
    expect(key).toMatch(/^pos_/);
    await shot(page, '07-pos-key-once');
    // The key works at the till.
    expect((await posPost(platform, key, '/members', { phone: uniquePhone() })).status).toBe(201);
    await page.goto(`${base}/#/merchants`);
    await visible(page.getByText(tenant.merchants[0].merchant.name));
    await count(page.getByText(tenant.merchants[1].merchant.name), 0);
    await shot(page, '08-merchants-admin');
    await page.context().close();
  }, 300_000);

  it('keeps a store clerk to their store’s members', async () => {
    const own = await login(emails.clerkA);
    await hasText(own.getByTestId('role'), '门店店员');
    await visible(menu(own).getByText('会员'));
    await count(menu(own).getByText('结算单'), 0);
    await own.goto(`${base}/#/members/${memberId}/show`);
    await hasText(own.getByTestId('points-balance'), '700');
    await shot(own, '09-member-clerk');
    // The clerk registers a walk-in customer at the counter.
    const walkIn = uniquePhone();
    await own.goto(`${base}/#/members/create`);
    await own.locator('input[name="phone"]').fill(walkIn);
    await own.locator('input[name="name"]').fill('王五');
    await own.getByRole('button', { name: '保存' }).click();
    await own.waitForURL(/#\/members\/[^/]+\/show/);
    await visible(own.getByText(walkIn));
    const registered = await systemQuery<{ registered_store_id: string }>(platform, 'select registered_store_id from member where phone = ? and tenant_id = ?', [walkIn, tenant.tenantId]);
    expect(registered).toEqual([{ registered_store_id: tenant.merchants[0].stores[0].id }]);
    await own.context().close();

    const other = await login(emails.clerkB);
    await other.goto(`${base}/#/members/${memberId}/show`);
    await visible(other.getByText('记录不存在或无权查看'));
    await count(other.getByTestId('points-balance'), 0);
    await count(other.getByText(phone), 0);
    await shot(other, '10-member-other-store');
    await other.context().close();
  }, 300_000);

  it('switches to English', async () => {
    const page = await login(emails.operator);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await hasText(page.getByTestId('role'), 'Alliance operator');
    await visible(menu(page).getByText('Settlement statements'));
    await page.goto(`${base}/#/members/${memberId}/show`);
    await hasText(page.getByTestId('gross-spend'), '¥1,000.00');
    await visible(page.getByText('Total spend'));
    await visible(page.getByRole('tab', { name: 'Points history' }));
    await shot(page, '11-member-english');
    // The choice stays after a reload.
    await page.reload();
    await visible(page.getByText('Total spend'));
    await page.context().close();
  }, 300_000);
});
