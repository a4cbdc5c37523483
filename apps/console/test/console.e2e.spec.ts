import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, statSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { bootTestPlatform, createTenant, drainOutbox, encodeGbk, gql, platformAdminToken, posPost, settleOutbox, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
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
 * payment are done through the UI; a clerk registers a member and corrects its profile, and cannot
 * open another store's member; English on the switch.
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

    // A's programme: levels (so the purchase below raises the member), a coupon template, anomaly rules, a notification.
    const adminA = a.adminToken;
    await ok(adminA, `mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }`, {
      i: { name: '会员等级', levels: [{ code: 'REGULAR', name: '普通会员' }, { code: 'SILVER', name: '银卡', conditions: [{ all: [{ metric: 'CUMULATIVE_SPEND', min: 500_00 }] }] }], merchantId: a.merchant.id },
    });
    await ok(adminA, `mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, { i: { merchantId: a.merchant.id, name: '五元无门槛券', kind: 'FIXED', amountOffFen: 500, validDays: 30 } });
    await ok(adminA, `mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, { i: { merchantId: a.merchant.id, name: '周末九五折', config: { kind: 'PERCENT_OFF', discountPermille: 50 } } });
    await ok(adminA, `mutation { setAnomalyRules(input: { largeAmountFen: 50000 }) { merchantId } }`);
    await ok(adminA, `mutation { setNotificationTemplate(input: { trigger: "purchase", channel: sms, body: "消费 {{amountYuan}} 元，积分余额 {{balance}}" }) { id } }`);

    // A member registers at A's till, earns 1000 points at A and spends 300 at B (October 2026).
    phone = uniquePhone();
    memberId = (await posPost(platform, a.posKeys[0], '/members', { phone, name: '李四' })).body.id;
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'E2E-1', amountFen: 1000_00, occurredAt: '2026-10-10T10:00:00+08:00' })).status).toBe(201);
    expect((await posPost(platform, b.posKeys[0], '/redemptions', { memberId, points: 300, orderNo: 'E2E-2', occurredAt: '2026-10-20T10:00:00+08:00' })).status).toBe(201);
    // Today, at A: what the dashboard's today and trends show.
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'E2E-3', amountFen: 88_00 })).status).toBe(201);
    await settleOutbox(platform);
    await ok(adminA, `mutation { refreshRfm { members } }`);
    const tagId = (await ok(adminA, `mutation { createTag(input: { name: "常客" }) { id } }`)).createTag.id;
    await ok(adminA, `mutation($t: UUID!, $m: [ID!]!) { tagMembers(tagId: $t, memberIds: $m) }`, { t: tagId, m: [memberId] });
    await ok(adminA, `mutation($t: ID!) { saveSegment(input: { name: "常客人群", tagIds: [$t] }) { id } }`, { t: tagId });

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
    await hasText(page.getByTestId('points-issued'), '1,088');
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
    await hasText(page.getByTestId('points-balance'), '788');
    await hasText(page.getByTestId('gross-spend'), '¥1,088.00');
    await shot(page, '02-member-360');
    await page.getByRole('tab', { name: '流水', exact: true }).click();
    const ledger = page.getByTestId('member-ledger');
    await visible(ledger.getByText('消费积分'));
    await visible(ledger.getByText('积分抵扣'));
    await visible(ledger.getByText(tenant.merchants[0].merchant.name));
    await visible(ledger.getByText(tenant.merchants[1].merchant.name));
    // October 10th, 10:00 in Shanghai: the merchant's zone, not the browser's (UTC).
    await visible(ledger.getByText('2026/10/10 10:00'));
    await shot(page, '03-member-ledger');

    // The operator's other pages, each with what it lists (A is the merchant picked by default).
    const tour: [string, string, string | null][] = [
      ['transfers', 'transfers', '积分抵扣'],
      ['levelSchemes', 'level-schemes', '普通会员 → 银卡'],
      ['couponTemplates', 'coupon-templates', '五元无门槛券'],
      ['promotions', 'promotions', '周末九五折'],
      ['tags', 'tags', '常客'],
      ['segments', 'segments', '常客人群'],
      ['notificationTemplates', 'notification-templates', '交易提醒'],
      ['storeReportSettings', 'store-report-settings', tenant.merchants[0].stores[0].name],
      ['notificationMessages', 'notification-messages', null],
      ['anomalies', 'anomalies', '大额消费'],
    ];
    for (const [path, testId, text] of tour) {
      await page.goto(`${base}/#/${path}`);
      const grid = page.getByTestId(testId);
      if (text) await visible(grid.getByText(text, { exact: false }));
      else await grid.or(page.getByText('没有')).first().waitFor();
      await shot(page, `12-operator-${path}`);
    }
    // A new template offers every trigger, the loaded plugins' by their subject, with the chosen one's variables.
    await page.goto(`${base}/#/notificationTemplates/create`);
    await page.getByRole('combobox', { name: '触发' }).click();
    await visible(page.getByRole('option', { name: '生日关怀' }));
    await page.getByRole('option', { name: '续药提醒' }).click();
    await hasText(page.getByTestId('trigger-variables'), '{{medication}}', false);
    await shot(page, '12-operator-notification-template-create');
    // A rule tag may count a plugin's measure, offered by name and description.
    await page.goto(`${base}/#/tags/create`);
    await page.getByRole('combobox', { name: '插件事实' }).click();
    await visible(page.getByRole('option', { name: /^hotel\.nights · / }));
    await visible(page.getByRole('option', { name: /^fuel\.litres · / }));
    await page.keyboard.press('Escape');
    // 营业日报 for the alliance: today's purchase of ¥88.00, and the CSV from the export endpoint.
    await page.goto(`${base}/#/reports`);
    await visible(page.getByTestId('daily-report').getByText('¥88.00'));
    await page.getByTestId('scope-merchant').click();
    await page.getByRole('option', { name: '全联盟' }).click();
    await visible(page.getByTestId('daily-report').getByText('¥88.00'));
    const [csv] = await Promise.all([page.waitForEvent('download'), page.getByTestId('report-csv').click()]);
    expect(csv.suggestedFilename()).toMatch(/^daily-report-.*\.csv$/);
    await shot(page, '13-operator-daily-report');
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
    // The run's progress: running while the request is out, then done with the way to its positions.
    await hasText(page.getByTestId('run-progress-status'), '已完成');
    await shot(page, '04a-clearing-run-progress');
    await page.getByTestId('run-view').click();
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

    // A period that does not follow the last run fails, with its code, and nothing is run.
    await page.goto(`${base}/#/clearingRuns/create`);
    await page.getByRole('combobox', { name: '清算方案' }).click();
    await page.getByRole('option', { name: '联盟月结' }).click();
    await page.locator('input[name="periodStart"]').fill('2026-08-01');
    await page.locator('input[name="periodEnd"]').fill('2026-09-01');
    await page.getByRole('button', { name: '保存' }).click();
    await hasText(page.getByTestId('run-progress-status'), '失败');
    await hasText(page.getByTestId('run-progress-error'), 'PERIOD_NOT_CONTIGUOUS', false);
    await shot(page, '06a-clearing-run-failed');
    expect((await ok(tenant.operatorToken!, `query($s: UUID!) { clearingRuns(schemeId: $s) { id } }`, { s: schemeId })).clearingRuns).toHaveLength(1);
    await page.context().close();
  }, 300_000);

  it('shows a merchant admin their merchant, a new POS key once, today’s business, members by level, the member 360 tabs and insights', async () => {
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
    // Its settings page lists the earn rule over time: the rule it started with, from the beginning.
    await page.goto(`${base}/#/merchants/${tenant.merchants[0].merchant.id}`);
    const history = page.getByTestId('earn-rule-history');
    await count(history.locator('tbody tr'), 1);
    await hasText(history.locator('tbody tr'), '最初（含更早的历史数据）112');
    // A change dated back (before history is imported), typed in the merchant's time (Shanghai).
    await page.locator('input[name="settings.earnRule.pointsPerYuan"]').fill('2');
    await page.locator('input[name="effectiveFrom"]').fill('2026-11-01T09:00');
    await page.getByRole('button', { name: '保存' }).click();
    // Saved: back on the list.
    await page.waitForURL(/#\/merchants$/);
    await page.goto(`${base}/#/merchants/${tenant.merchants[0].merchant.id}`);
    await count(history.locator('tbody tr'), 2);
    await hasText(history.locator('tbody tr').nth(1), '2026/11/01 09:00212');
    await shot(page, '08a-merchant-earn-rule-history');
    const versions = await systemQuery<{ effective_from: string }>(platform, 'select effective_from from merchant_earn_rule where merchant_id = ? and effective_from is not null', [tenant.merchants[0].merchant.id]);
    expect(versions.map((v) => new Date(v.effective_from).toISOString())).toEqual(['2026-11-01T01:00:00.000Z']);

    // Today's business and its trends on the dashboard.
    await page.goto(`${base}/#/`);
    await hasText(page.getByTestId('today-net-sales'), '¥88.00');
    // One bar: recharts draws none for the days without sales.
    await count(page.getByTestId('sales-trend').locator('.recharts-bar-rectangle'), 1);
    await visible(page.getByTestId('member-growth').locator('.recharts-line-curve'));
    await visible(page.getByTestId('points-trend').locator('.recharts-line-curve'));
    await shot(page, '14-dashboard-admin');

    // Members at a level, with a tag; then the member 360's tabs, issuing and revoking a coupon.
    await page.goto(`${base}/#/members?filter=${encodeURIComponent(JSON.stringify({ levelCode: 'SILVER' }))}`);
    await visible(page.locator('td', { hasText: phone }));
    await count(page.locator('tbody tr'), 1);
    await shot(page, '15-members-by-level');
    await page.goto(`${base}/#/members?filter=${encodeURIComponent(JSON.stringify({ levelCode: 'REGULAR' }))}`);
    // The member registered with the new till key above is still at the entry level.
    await visible(page.locator('td', { hasText: tenant.merchants[0].merchant.name }));
    await count(page.locator('td', { hasText: phone }), 0);
    await page.goto(`${base}/#/members/${memberId}/show`);
    await visible(page.getByTestId('member-tags').getByText('常客'));
    await page.getByRole('tab', { name: '积分批次与到期' }).click();
    await visible(page.getByTestId('member-lots').getByText('700'));
    await shot(page, '16-member-lots');
    await page.getByRole('tab', { name: '等级' }).click();
    await hasText(page.getByTestId('member-level'), '银卡');
    await visible(page.getByTestId('member-level-history').getByText('升级'));
    await visible(page.getByTestId('member-level-history').getByText('银卡'));
    await shot(page, '17-member-level');
    await page.getByRole('tab', { name: '优惠券' }).click();
    await page.getByTestId('issue-coupon').click();
    await page.getByRole('combobox').last().click();
    await page.getByRole('option', { name: '五元无门槛券' }).click();
    await page.locator('input[name="reason"]').fill('生日关怀');
    await page.getByTestId('issue-coupon-submit').click();
    await visible(page.getByTestId('member-coupons').getByText('可使用'));
    await shot(page, '18-member-coupons');
    await page.getByTestId('revoke-coupon').click();
    await page.locator('input[name="reason"]').fill('发错了');
    await page.getByTestId('revoke-coupon-submit').click();
    await visible(page.getByTestId('member-coupons').getByText('已作废'));
    await page.getByRole('tab', { name: '会员卡与次卡' }).click();
    // No visit cards: the tab says so.
    await visible(page.getByTestId('member-visit-cards').getByText('—'));
    await page.getByRole('tab', { name: '储值' }).click();
    await hasText(page.getByTestId('stored-value-balance'), '¥0.00');
    await shot(page, '19-member-stored-value');

    // 会员洞察: the member in one cell of the RFM heat map, the eight groups, the ABC pyramid.
    await page.goto(`${base}/#/insights`);
    await eventually(async () => {
      const cells = await page.getByTestId('rfm-heat-map').locator('[data-testid^="rfm-cell-"]').allTextContents();
      expect(cells).toHaveLength(25);
      expect(cells.map(Number).reduce((a, b) => a + b, 0)).toBe(1);
    });
    await visible(page.getByTestId('rfm-groups').locator('.recharts-bar-rectangle'));
    await hasText(page.getByTestId('abc-C'), '1 人 · 营收 100.0% · ¥1,088.00');
    await shot(page, '20-insights');
    await page.context().close();
  }, 300_000);

  it('keeps a store clerk to their store’s members', async () => {
    const own = await login(emails.clerkA);
    await hasText(own.getByTestId('role'), '门店店员');
    await visible(menu(own).getByText('会员'));
    await count(menu(own).getByText('结算单'), 0);
    await own.goto(`${base}/#/members/${memberId}/show`);
    await hasText(own.getByTestId('points-balance'), '788');
    await shot(own, '09-member-clerk');
    await own.getByRole('tab', { name: '优惠券' }).click();
    await visible(own.getByTestId('issue-coupon'));
    await count(own.getByTestId('revoke-coupon'), 0);
    await count(menu(own).getByText('异常监控'), 0);
    await count(menu(own).getByText('等级体系'), 0);
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
    // The customer spells their name and gives a birthday: the clerk corrects the profile.
    await own.getByTestId('edit-profile').click();
    await own.locator('input[name="name"]').fill('王武');
    await own.getByRole('combobox').last().click();
    await own.getByRole('option', { name: '女' }).click();
    await own.locator('input[name="birthday"]').fill('1990-05-01');
    await own.getByTestId('edit-profile-submit').click();
    await visible(own.getByText('会员资料已保存'));
    await visible(own.getByText('1990-05-01'));
    await shot(own, '09b-member-profile-edited');
    const corrected = await systemQuery(platform, `select name, gender, to_char(birthday, 'YYYY-MM-DD') as birthday from member where phone = ? and tenant_id = ?`, [walkIn, tenant.tenantId]);
    expect(corrected).toEqual([{ name: '王武', gender: 'female', birthday: '1990-05-01' }]);
    await own.context().close();

    const other = await login(emails.clerkB);
    await other.goto(`${base}/#/members/${memberId}/show`);
    await visible(other.getByText('记录不存在或无权查看'));
    await count(other.getByTestId('points-balance'), 0);
    await count(other.getByText(phone), 0);
    await shot(other, '10-member-other-store');
    await other.context().close();
  }, 300_000);

  it('shows the platform admin every tenant, and a clerk dates in their merchant’s time zone', async () => {
    const root = await platformAdminToken(platform.app);
    const adminEmail = `root-${Date.now()}@test.local`;
    await ok(root, `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, { i: { email: adminEmail, name: '平台', password: PASSWORD, role: 'PLATFORM_ADMIN' } });
    // A standalone merchant in Tokyo, with a store, its clerk and a till.
    const tokyo = (await ok(root, `mutation { createMerchant(input: { name: "东京药局", industry: "pharmacy", timezone: "Asia/Tokyo" }) { id } }`)).createMerchant.id;
    const store = (await ok(root, `mutation($m: ID!) { createStore(input: { merchantId: $m, name: "银座店", kind: direct }) { id } }`, { m: tokyo })).createStore.id;
    const clerkEmail = `tokyo-${Date.now()}@test.local`;
    await ok(root, `mutation($i: CreateStaffInput!) { createStaff(input: $i) { id } }`, { i: { email: clerkEmail, name: '店员', password: PASSWORD, role: 'STORE_STAFF', storeId: store } });
    const key = (await ok(root, `mutation($s: UUID!) { issuePosApiKey(storeId: $s) { key } }`, { s: store })).issuePosApiKey.key;
    const tokyoMember = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    expect((await posPost(platform, key, '/purchases', { memberId: tokyoMember, orderNo: 'TYO-1', amountFen: 100_00, occurredAt: '2026-10-10T10:00:00+08:00' })).status).toBe(201);

    const page = await login(adminEmail);
    await hasText(page.getByTestId('role'), '平台管理员');
    await visible(menu(page).getByText('商家联盟'));
    // Every tenant's merchants (other test files' too, in a shared database): found by search.
    const merchants = (q: string) => page.goto(`${base}/#/merchants?filter=${encodeURIComponent(JSON.stringify({ q }))}`);
    await merchants(tenant.merchants[0].merchant.name);
    await visible(page.locator('td', { hasText: tenant.merchants[0].merchant.name }));
    await merchants('东京药局');
    await visible(page.locator('td', { hasText: 'Asia/Tokyo' }));
    await shot(page, '21-merchants-platform-admin');
    await page.goto(`${base}/#/members/${memberId}/show/lots`);
    await visible(page.getByTestId('member-lots').getByText('700'));
    await count(page.getByRole('tab', { name: '优惠券' }), 0);
    await page.context().close();

    // 10:00 in Shanghai is 11:00 in Tokyo: the clerk sees their merchant's time, not Shanghai's.
    const clerk = await login(clerkEmail);
    await clerk.goto(`${base}/#/members/${tokyoMember}/show/ledger`);
    await visible(clerk.getByTestId('member-ledger').getByText('2026/10/10 11:00'));
    await shot(clerk, '22-clerk-tokyo-ledger');
    await clerk.context().close();
  }, 300_000);

  it('switches to English', async () => {
    const page = await login(emails.operator);
    await page.getByRole('button', { name: '中文' }).click();
    await page.getByRole('menuitem', { name: 'English' }).click();
    await hasText(page.getByTestId('role'), 'Alliance operator');
    await visible(menu(page).getByText('Settlement statements'));
    await page.goto(`${base}/#/members/${memberId}/show`);
    await hasText(page.getByTestId('gross-spend'), '¥1,088.00');
    await visible(page.getByText('Total spend'));
    await visible(page.getByRole('tab', { name: 'History', exact: true }));
    await shot(page, '11-member-english');
    // The choice stays after a reload.
    await page.reload();
    await visible(page.getByText('Total spend'));
    await page.context().close();
  }, 300_000);

  /** A staff member's token through the login mutation (the browser logs in by the page). */
  const tokenOf = async (email: string) => (await ok('', `mutation($e: String!, $p: String!) { login(email: $e, password: $p) { token } }`, { e: email, p: PASSWORD })).login.token as string;

  it('lets a merchant admin turn plugins on and off, grant a permission, and save settings through a form generated from the schema, a server error on its field', async () => {
    const page = await login(emails.adminA);
    await page.goto(`${base}/#/plugins`);
    const pharmacy = page.getByTestId('plugin-pharmacy');
    await visible(pharmacy.getByText('v1.0.0'));
    await hasText(page.getByTestId('plugin-pharmacy-state'), '未启用');
    await page.getByTestId('plugin-pharmacy-toggle').click();
    await hasText(page.getByTestId('plugin-pharmacy-state'), '已启用');
    // The hotel on: its page joins the menu; off again: gone, and its state says so.
    await page.getByTestId('plugin-hotel-toggle').click();
    await hasText(page.getByTestId('plugin-hotel-state'), '已启用');
    await page.reload();
    await page.getByTestId('menu-plugin-hotel-in-house').click();
    await visible(page.getByTestId('plugin-page-hotel-in-house').getByText('暂无数据'));
    await shot(page, '23-plugin-page-hotel');
    await page.goto(`${base}/#/plugins`);
    await page.getByTestId('plugin-hotel-toggle').click();
    await hasText(page.getByTestId('plugin-hotel-state'), '未启用');
    await page.reload();
    await hasText(page.getByTestId('plugin-hotel-state'), '未启用');
    await count(page.getByTestId('menu-plugin-hotel-in-house'), 0);

    // 药师: the clerk of A's first store gets the health-profile permission.
    await page.getByTestId('grant-pharmacy-health-profile').click();
    await page.getByRole('combobox').last().click();
    await page.getByRole('option', { name: new RegExp(emails.clerkA.replace(/[.+]/g, '\\$&')) }).click();
    await page.getByTestId('grant-pharmacy-health-profile-submit').click();
    await count(page.getByTestId('grants-pharmacy-health-profile').locator('.MuiChip-root'), 1);
    await shot(page, '24-plugins');

    // The settings form from the pharmacy's schema: 30 days at most, said by the server, shown on the field.
    await page.getByTestId('plugin-pharmacy-settings').click();
    const lead = page.locator('input[name="settings.refillLeadDays"]');
    await hasText(page.locator('label', { hasText: '续药提醒提前天数' }), '续药提醒提前天数', false);
    await visible(page.getByText('prescription'));
    await lead.fill('99');
    await page.getByRole('button', { name: '保存' }).click();
    await visible(page.getByText('不能大于 30'));
    await shot(page, '25-plugin-settings-invalid');
    const saved = async () =>
      (await systemQuery<{ settings: { refillLeadDays: number } }>(platform, `select settings from plugin_enablement where merchant_id = ? and plugin_id = 'pharmacy'`, [tenant.merchants[0].merchant.id]))[0].settings;
    expect((await saved()).refillLeadDays).toBe(3);
    await lead.fill('5');
    await page.getByRole('button', { name: '保存' }).click();
    await visible(page.getByText('设置已保存'));
    expect(await saved()).toEqual({ excludedCategories: ['prescription'], excludeInsurancePaid: true, refillLeadDays: 5 });
    // The hotel's form: levels as rows of a key and its terms.
    await page.goto(`${base}/#/plugins/${encodeURIComponent(`${tenant.merchants[0].merchant.id}:hotel`)}`);
    await visible(page.locator('input[name="settings.levels.0.key"]'));
    await shot(page, '26-plugin-settings-hotel');
    await page.context().close();
  }, 300_000);

  it('shows the pharmacy health profile on the member page to the pharmacist granted it, and to nobody else', async () => {
    const clerk = await tokenOf(emails.clerkA);
    await ok(clerk, `mutation($m: UUID!) { setPharmacyHealthProfile(memberId: $m, input: { chronicConditions: ["高血压", "糖尿病"], allergies: ["青霉素"], notes: "每月复诊" }) { updatedAt } }`, { m: memberId });

    const pharmacist = await login(emails.clerkA);
    await pharmacist.goto(`${base}/#/members/${memberId}/show`);
    await pharmacist.getByRole('tab', { name: '健康档案' }).click();
    const profile = pharmacist.getByTestId('plugin-tab-pharmacy-health-profile');
    await visible(profile.getByText('高血压'));
    await visible(profile.getByText('青霉素'));
    await visible(profile.getByText('每月复诊'));
    await shot(pharmacist, '27-member-health-profile');
    await pharmacist.getByRole('tab', { name: '用药记录' }).click();
    await visible(pharmacist.getByTestId('plugin-tab-pharmacy-medications').getByText('暂无数据'));
    await pharmacist.context().close();

    // Not the admin (no grant), not the operator (no merchant of its own: plugin data is a merchant’s view).
    for (const email of [emails.adminA, emails.operator]) {
      const other = await login(email);
      await other.goto(`${base}/#/members/${memberId}/show`);
      await visible(other.getByRole('tab', { name: '流水', exact: true }));
      await count(other.getByRole('tab', { name: '健康档案' }), 0);
      await count(other.getByText('高血压'), 0);
      await other.context().close();
    }
  }, 300_000);

  it('issues a coupon to a saved segment with a progress bar', async () => {
    const page = await login(emails.adminA);
    await page.goto(`${base}/#/coupon-campaigns`);
    await page.getByRole('combobox', { name: '人群（人数）' }).click();
    await page.getByRole('option', { name: /常客人群/ }).click();
    await page.getByRole('combobox', { name: '券模板' }).click();
    await page.getByRole('option', { name: '五元无门槛券' }).click();
    await page.getByTestId('campaign-start').click();
    await hasText(page.getByTestId('campaign-progress-status'), '已完成');
    await hasText(page.getByTestId('campaign-progress-count'), '1 / 1（100%）');
    await hasText(page.getByTestId('campaign-issued'), '1');
    await shot(page, '28-coupon-campaign');
    const coupons = (await ok(tenant.merchants[0].adminToken, `query($m: UUID!) { memberCoupons(memberId: $m) { items { issueReason status } } }`, { m: memberId })).memberCoupons.items;
    expect(coupons.filter((c: { status: string }) => c.status === 'ISSUED')).toHaveLength(1);
    await page.context().close();
  }, 300_000);

  it('imports a store’s history from a CSV (GBK, as Excel saves it) with its progress to completion, a bad file refused with its lines', async () => {
    const header = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
    const page = await login(emails.adminA);
    await page.goto(`${base}/#/history-import`);
    await page.getByRole('combobox', { name: '导入到门店' }).click();
    await page.getByRole('option', { name: tenant.merchants[0].stores[1].name }).click();
    const file = page.getByTestId('import-file');
    await file.setInputFiles({ name: 'bad.csv', mimeType: 'text/csv', buffer: Buffer.from(`${header}\nB1,X,THING,1,2026-03-01 09:00,1.00,90001,CN\nB2,X,THING,two,2026-03-01 09:00,1.00,90002,CN\n`) });
    await page.getByTestId('import-start').click();
    await hasText(page.getByTestId('start-error'), 'IMPORT_ROWS_INVALID', false);
    await hasText(page.getByTestId('start-error'), '第 3 行', false);
    await shot(page, '29-import-refused');
    // Over the upload limit: refused in the page, nothing sent.
    const uploads: string[] = [];
    const onRequest = (request: { url: () => string }) => void (request.url().includes('/api/import/') && uploads.push(request.url()));
    page.on('request', onRequest);
    await file.setInputFiles({ name: 'big.csv', mimeType: 'text/csv', buffer: Buffer.alloc(20 * 1024 * 1024, 'x') });
    await page.getByTestId('import-start').click();
    await hasText(page.getByTestId('start-error'), 'PAYLOAD_TOO_LARGE: 文件 20.0 MB，超过上传上限 16.0 MB', false);
    page.off('request', onRequest);
    expect(uploads).toEqual([]);

    const rows = Array.from({ length: 40 }, (_, i) => `H${1000 + i},SKU${i},宠物零食${i},${(i % 3) + 1},2026-09-${String((i % 28) + 1).padStart(2, '0')} 10:00,12.50,${80000 + (i % 7)},CN`);
    await file.setInputFiles({ name: 'history.csv', mimeType: 'text/csv', buffer: encodeGbk([header, ...rows, 'H2000,SKU,散客,1,2026-09-02 10:00,3.00,,CN'].join('\r\n')) });
    await page.getByTestId('import-start').click();
    await hasText(page.getByTestId('import-progress-status'), '已完成');
    await hasText(page.getByTestId('import-progress-count'), '40 / 40（100%）');
    await hasText(page.getByTestId('import-encoding'), 'GB18030');
    await hasText(page.getByTestId('import-rows'), '41 / 41');
    await hasText(page.getByTestId('import-purchases'), '40');
    await hasText(page.getByTestId('import-members'), '7');
    await hasText(page.getByTestId('import-skipped'), '散客 1', false);
    await visible(page.getByTestId('import-recent').locator('tr', { hasText: 'history.csv' }).getByText('已完成'));
    await shot(page, '30-import-done');
    const imported = await systemQuery<{ name: string }>(platform, `select lines->0->>'name' as name from purchase where merchant_id = ? and order_no like 'H%' order by order_no`, [tenant.merchants[0].merchant.id]);
    expect(imported.map((p) => p.name)).toEqual(rows.map((_, i) => `宠物零食${i}`));
    await page.context().close();
  }, 300_000);
});
