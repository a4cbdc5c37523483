import type { AddressInfo } from 'node:net';
import englishMessages from 'ra-language-english';
import { bootTestPlatform, createTenant, drainOutbox, posPost, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { PASSWORD, type StaffLogins, staffLogins } from './staff-logins';
import { createAuthProvider, can, type Permissions } from '../src/auth-provider';
import { createDataProvider, type ConsoleDataProvider } from '../src/data-provider';
import { ApiError, createGraphQLClient, memoryTokenStore, type TokenStore } from '../src/graphql';
import { formatDateTime, formatFen, localDate, yuanToFen, zonedTimeToIso } from '../src/format';
import { enConsole, zhConsole } from '../src/i18n/messages';
import { raZh } from '../src/i18n/ra-zh';


/**
 * The console's data and auth providers against the real platform over HTTP (real PostgreSQL,
 * row-level security): what react-admin asks for is what the API answers, per role.
 */
describe('console data provider and auth provider', () => {
  let platform: TestPlatform;
  let baseUrl: string;
  let tenant: TenantFixture;
  let emails: StaffLogins;
  let memberId: string;
  let phone: string;

  const session = (token: string | null = null) => {
    const tokens = memoryTokenStore(token);
    const client = createGraphQLClient({ baseUrl, tokens });
    return { tokens, data: createDataProvider(client), auth: createAuthProvider(client, tokens) };
  };
  const loggedIn = async (email: string): Promise<{ tokens: TokenStore; data: ConsoleDataProvider; permissions: Permissions }> => {
    const s = session();
    await s.auth.login({ username: email, password: PASSWORD });
    return { tokens: s.tokens, data: s.data, permissions: await s.auth.getPermissions!({}) };
  };

  beforeAll(async () => {
    platform = await bootTestPlatform();
    await platform.app.listen({ port: 0, host: '127.0.0.1' });
    baseUrl = `http://127.0.0.1:${(platform.app.getHttpServer().address() as AddressInfo).port}`;
    tenant = await createTenant(platform.app, { merchants: 2 });
    emails = await staffLogins(platform, tenant);
    const [a, b] = tenant.merchants;
    phone = uniquePhone();
    memberId = (await posPost(platform, a.posKeys[0], '/members', { phone, name: '张三' })).body.id;
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'DP-1', amountFen: 123_45 })).status).toBe(201);
    expect((await posPost(platform, b.posKeys[0], '/redemptions', { memberId, points: 20, orderNo: 'DP-2' })).status).toBe(201);
    await drainOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('logs in with the login mutation, keeps the bearer token, and reads role and tenant from me', async () => {
    const s = session();
    await s.auth.login({ username: emails.operator, password: PASSWORD });
    expect(s.tokens.get()).toMatch(/^ey/);
    const permissions = (await s.auth.getPermissions!({})) as Permissions;
    expect(permissions).toMatchObject({ role: 'ALLIANCE_OPERATOR', tenantId: tenant.allianceId });
    await expect(s.auth.checkAuth({})).resolves.toBeUndefined();
    expect(await s.auth.canAccess!({ resource: 'clearingRuns', action: 'create' })).toBe(true);
    await s.auth.logout({});
    expect(s.tokens.get()).toBeNull();
    await expect(s.auth.checkAuth({})).rejects.toThrow();
  });

  it('refuses a wrong password, and logs out on a 401 from the API', async () => {
    const s = session();
    await expect(s.auth.login({ username: emails.operator, password: 'wrong-password' })).rejects.toBeInstanceOf(ApiError);
    expect(s.tokens.get()).toBeNull();
    const stale = session('not-a-token');
    const error = await stale.data.getList('merchants', { pagination: { page: 1, perPage: 10 }, sort: { field: 'name', order: 'ASC' }, filter: {} }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error.status).toBe(401);
    await expect(stale.auth.checkError(error)).rejects.toThrow();
    expect(stale.tokens.get()).toBeNull();
  });

  it('gives each role only what it may do', async () => {
    expect(can({ role: 'STORE_STAFF' }, 'members', 'list')).toBe(true);
    expect(can({ role: 'STORE_STAFF' }, 'posKeys', 'list')).toBe(false);
    expect(can({ role: 'STORE_STAFF' }, 'settlementStatements', 'list')).toBe(false);
    expect(can({ role: 'MERCHANT_ADMIN' }, 'alliances', 'list')).toBe(false);
    expect(can({ role: 'MERCHANT_ADMIN' }, 'settlementStatements', 'dispute')).toBe(true);
    expect(can({ role: 'ALLIANCE_OPERATOR' }, 'settlementStatements', 'confirmPayment')).toBe(true);
    const clerk = await loggedIn(emails.clerkA);
    expect(clerk.permissions).toMatchObject({ role: 'STORE_STAFF', storeId: tenant.merchants[0].stores[0].id });
  });

  it('lists whole lists with filter, sort and paging done here, and a total', async () => {
    const { data } = await loggedIn(emails.operator);
    const [a, b] = tenant.merchants;
    const desc = await data.getList('merchants', { pagination: { page: 1, perPage: 1 }, sort: { field: 'name', order: 'DESC' }, filter: {} });
    expect(desc.total).toBe(2);
    expect(desc.data).toHaveLength(1);
    expect(desc.data[0].name).toBe([a.merchant.name, b.merchant.name].sort().at(-1));
    const searched = await data.getList('merchants', { pagination: { page: 1, perPage: 10 }, sort: { field: 'name', order: 'ASC' }, filter: { q: b.merchant.name } });
    expect(searched.data.map((m) => m.id)).toEqual([b.merchant.id]);
    const stores = await data.getList('stores', { pagination: { page: 1, perPage: 10 }, sort: { field: 'name', order: 'ASC' }, filter: { merchantId: a.merchant.id } });
    expect(stores.data.map((s) => s.id).sort()).toEqual(a.stores.map((s) => s.id).sort());
    const many = await data.getMany('stores', { ids: [b.stores[1].id] });
    expect(many.data.map((s) => s.name)).toEqual([b.stores[1].name]);
  });

  it('searches members by phone on the server, and reads the member 360 with its history', async () => {
    const { data } = await loggedIn(emails.operator);
    const found = await data.getList('members', { pagination: { page: 1, perPage: 10 }, sort: { field: 'registeredAt', order: 'DESC' }, filter: { q: phone.slice(0, 9) } });
    expect(found.data.map((m) => m.phone)).toContain(phone);
    const byName = await data.getList('members', { pagination: { page: 1, perPage: 10 }, sort: { field: 'registeredAt', order: 'DESC' }, filter: { q: '张' } });
    expect(byName.data.map((m) => m.id)).toContain(memberId);
    const { data: member } = await data.getOne('members', { id: memberId });
    // 123.45 yuan at one point per yuan, less 20 redeemed at the other merchant.
    expect(member).toMatchObject({ id: memberId, phone, name: '张三', pointsBalance: 103, grossSpendFen: 12345, purchaseCount: 1 });
    const history = await data.getManyReference('transfers', { target: 'memberId', id: memberId, pagination: { page: 1, perPage: 10 }, sort: { field: 'occurredAt', order: 'DESC' }, filter: {} });
    expect(history.total).toBe(2);
    expect(history.data.map((t) => [t.kind, t.amount, t.merchantId]).sort()).toEqual(
      [
        ['EARN', 123, tenant.merchants[0].merchant.id],
        ['REDEEM', 20, tenant.merchants[1].merchant.id],
      ].sort(),
    );
  });

  it('keeps a clerk to the members of their own store', async () => {
    const clerkA = await loggedIn(emails.clerkA);
    expect((await clerkA.data.getOne('members', { id: memberId })).data.phone).toBe(phone);
    const clerkB = await loggedIn(emails.clerkB);
    const error = await clerkB.data.getOne('members', { id: memberId }).catch((e) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect([403, 404]).toContain(error.status);
    const list = await clerkB.data.getList('members', { pagination: { page: 1, perPage: 50 }, sort: { field: 'registeredAt', order: 'DESC' }, filter: { q: phone } });
    expect(list.total).toBe(0);
  });

  it('issues a POS key with the full key once, lists it without, and revokes it on delete', async () => {
    const { data } = await loggedIn(emails.adminA);
    const storeId = tenant.merchants[0].stores[1].id;
    const { data: issued } = await data.create('posKeys', { data: { storeId, name: '二号收银台' } });
    expect(issued.key).toContain(`_${issued.prefix}_`);
    const list = await data.getList('posKeys', { pagination: { page: 1, perPage: 50 }, sort: { field: 'createdAt', order: 'DESC' }, filter: { storeId } });
    const listed = list.data.find((k) => k.id === issued.id)!;
    expect(listed).toMatchObject({ name: '二号收银台', revokedAt: null });
    expect(listed.key).toBeUndefined();
    const { data: revoked } = await data.delete('posKeys', { id: issued.id });
    expect(revoked.revokedAt).toEqual(expect.any(String));
    expect((await posPost(platform, issued.key, '/members', { phone: uniquePhone() })).status).toBe(401);
  });

  it('sets up clearing, runs it, and carries a statement through payment, dispute and reconciliation', async () => {
    const operator = await loggedIn(emails.operator);
    const admin = await loggedIn(emails.adminA);
    const [a, b] = tenant.merchants;
    const list = { pagination: { page: 1, perPage: 10 }, sort: { field: 'id', order: 'ASC' as const } };
    const { data: scheme } = await operator.data.create('clearingSchemes', { data: { name: '控制台清算', operatorName: '控制台联盟', participantKind: 'merchant', schedule: '' } });
    expect(scheme).toMatchObject({ participantKind: 'merchant', schedule: null, timeZone: 'Asia/Shanghai' });
    expect((await operator.data.update('clearingSchemes', { id: scheme.id, data: { schedule: 'monthly' }, previousData: scheme })).data.schedule).toBe('monthly');
    for (const m of [a, b]) {
      await operator.data.create('contractTerms', {
        data: { schemeId: scheme.id, participantId: m.merchant.id, effectiveFrom: '2025-01-01', issuePricePerPoint: 0.5, redemptionRatePerPoint: '0.4', commissionBps: '1000', breakageShareBps: 0 },
      });
    }
    const terms = await operator.data.getList('contractTerms', { ...list, filter: { schemeId: scheme.id } });
    expect(terms.data.map((t) => [t.participantId, t.issuePricePerPoint, t.commissionBps]).sort()).toEqual(
      [
        [a.merchant.id, '0.5', 1000],
        [b.merchant.id, '0.5', 1000],
      ].sort(),
    );
    // Three days ago: 200 points earned at A, 40 spent at B; cleared up to today (exclusive).
    const earlier = new Date(Date.now() - 3 * 86_400_000).toISOString();
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'DP-3', amountFen: 200_00, occurredAt: earlier })).status).toBe(201);
    expect((await posPost(platform, b.posKeys[0], '/redemptions', { memberId, points: 40, orderNo: 'DP-4', occurredAt: earlier })).status).toBe(201);
    await drainOutbox(platform);
    const today = localDate(new Date(), 'Asia/Shanghai');
    const { data: run } = await operator.data.create('clearingRuns', { data: { schemeId: scheme.id, periodStart: '2025-01-01', periodEnd: today } });
    expect(run.totalFen).toBe(0);
    // A pays 200 × 0.5 = ¥1.00; B is reimbursed 40 × 0.4 = 16 分 less 10 %.
    const net = (id: string | null) => (run.positions as { participantId: string | null; netFen: number }[]).find((p) => p.participantId === id)?.netFen;
    expect([net(a.merchant.id), net(b.merchant.id), net(null)]).toEqual([-100, 15, 85]);
    await drainOutbox(platform); // the run's event reaches settlement
    const runs = await operator.data.getList('clearingRuns', { ...list, sort: { field: 'periodEnd', order: 'DESC' }, filter: {} });
    expect(runs.data.map((r) => r.id)).toContain(run.id);
    expect((await operator.data.getOne('clearingRuns', { id: run.id })).data.positions).toHaveLength((run.positions as unknown[]).length);

    const issued = await operator.data.issueStatements(String(run.id));
    expect(issued.map((st) => st.status)).toEqual(['issued', 'issued', 'issued']);
    const page = await operator.data.getList('settlementStatements', { pagination: { page: 1, perPage: 1 }, sort: { field: 'periodEnd', order: 'DESC' }, filter: { runId: run.id } });
    expect(page.data).toHaveLength(1);
    expect(page.pageInfo).toEqual({ hasNextPage: true, hasPreviousPage: false });
    // The merchant admin sees its own statement only.
    const own = await admin.data.getList('settlementStatements', { ...list, filter: { runId: run.id } });
    expect(own.data.map((st) => st.partyId)).toEqual([a.merchant.id]);
    const statementId = String(own.data[0].id);
    const { data: detail } = await operator.data.getOne('settlementStatements', { id: statementId });
    const instruction = detail.instruction as { id: string; outstandingFen: number };
    expect(instruction.outstandingFen).toBe(100);
    await operator.data.confirmPayment({ instructionId: instruction.id, amountFen: 100, reference: 'DP-BANK-1', paidAt: new Date().toISOString() });
    expect((await operator.data.getOne('settlementStatements', { id: statementId })).data.status).toBe('paid');
    expect((await admin.data.disputeStatement({ statementId, reason: '核对', amountFen: 1 })).status).toBe('disputed');
    const disputes = (await operator.data.getOne('settlementStatements', { id: statementId })).data.disputes as { id: string; status: string }[];
    expect(disputes.map((d) => d.status)).toEqual(['open']);
    expect((await operator.data.resolveDispute({ disputeId: disputes[0].id, resolution: '无误' })).status).toBe('paid');
    expect((await operator.data.reconcileStatement(statementId)).status).toBe('reconciled');
    const recon = await operator.data.getList('reconciliation', { ...list, filter: { runId: run.id } });
    expect(recon.data.find((line) => line.id === statementId)).toMatchObject({ status: 'reconciled', outstandingFen: 0 });
  });

  it('changes a merchant’s earn rule from an earlier time, for history still to import', async () => {
    const { data } = await loggedIn(emails.adminA);
    const id = tenant.merchants[0].merchant.id;
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const future = new Date(Date.now() + 86_400_000).toISOString();
    const change = (effectiveFrom: string, pointsPerYuan: number) =>
      data.update('merchants', { id, data: { settings: { earnRule: { pointsPerYuan }, pointsExpiryMonths: 12 }, effectiveFrom }, previousData: { id } });
    const refused = await change(future, 5).catch((e) => e);
    expect([refused.status, refused.code]).toEqual([400, 'VALIDATION_FAILED']);
    const { data: changed } = await change(from, 3);
    expect(changed.settings).toEqual({ earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 12 });
    expect(changed.earnRuleHistory).toEqual([
      { effectiveFrom: null, earnRule: { pointsPerYuan: 1 }, pointsExpiryMonths: 12 },
      { effectiveFrom: from, earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 12 },
    ]);
    // The settings page reads the history of its one merchant; the list does not ask for it.
    expect((await data.getOne('merchants', { id })).data.earnRuleHistory).toEqual(changed.earnRuleHistory);
    const listed = (await data.getList('merchants', { pagination: { page: 1, perPage: 10 }, sort: { field: 'name', order: 'ASC' }, filter: {} })).data;
    expect(listed.map((m) => [m.id, 'earnRuleHistory' in m])).toEqual([[id, false]]);
    // Another merchant is not the merchant admin's to open.
    await expect(data.getOne('merchants', { id: tenant.merchants[1].merchant.id })).rejects.toMatchObject({ status: 404 });
  });

  it('refuses what the API does not offer', async () => {
    const { data } = await loggedIn(emails.operator);
    await expect(data.update('stores', { id: 'x', data: {}, previousData: { id: 'x' } })).rejects.toThrow(/not offered/);
    await expect(data.getList('nothing', { pagination: { page: 1, perPage: 1 }, sort: { field: 'id', order: 'ASC' }, filter: {} })).rejects.toThrow(/Unknown resource/);
  });
});

describe('console formatting and messages', () => {
  it('shows 分 as ¥ with two decimals, and reads 元 back exactly', () => {
    expect(formatFen(12345)).toBe('¥123.45');
    expect(formatFen(-461)).toBe('-¥4.61');
    expect(formatFen(5)).toBe('¥0.05');
    expect(formatFen(123456789)).toBe('¥1,234,567.89');
    expect(yuanToFen('4.61')).toBe(461);
    expect(yuanToFen('0.1')).toBe(10);
    expect(yuanToFen('1234')).toBe(123400);
    expect(() => yuanToFen('1.234')).toThrow();
  });

  it('shows dates in the merchant’s time zone', () => {
    const instant = '2026-10-31T16:30:00.000Z';
    expect(formatDateTime(instant, 'Asia/Shanghai', 'zh-CN')).toBe('2026/11/01 00:30');
    expect(formatDateTime(instant, 'Europe/London', 'en')).toBe('31/10/2026, 16:30');
    expect(localDate(instant, 'Asia/Shanghai')).toBe('2026-11-01');
  });

  it('reads a typed time in the merchant’s time zone, on either side of a daylight-saving change', () => {
    expect(zonedTimeToIso('2026-11-01T00:30', 'Asia/Shanghai')).toBe('2026-10-31T16:30:00.000Z');
    // London: 01:30 on 29 March 2026 does not exist (clocks go 01:00 → 02:00); 00:30 is GMT, 02:30 BST.
    expect(zonedTimeToIso('2026-03-29T00:30', 'Europe/London')).toBe('2026-03-29T00:30:00.000Z');
    expect(zonedTimeToIso('2026-03-29T02:30', 'Europe/London')).toBe('2026-03-29T01:30:00.000Z');
    expect(zonedTimeToIso('2026-07-01T12:00:15', 'Europe/London')).toBe('2026-07-01T11:00:15.000Z');
    expect(() => zonedTimeToIso('2026-07-01', 'Asia/Shanghai')).toThrow();
  });

  it('has every console text in both languages, and only react-admin keys in its Chinese', () => {
    const keys = (o: object, prefix = ''): string[] =>
      Object.entries(o).flatMap(([k, v]) => (v && typeof v === 'object' ? keys(v, `${prefix}${k}.`) : [`${prefix}${k}`]));
    expect(keys(enConsole).sort()).toEqual(keys(zhConsole).sort());
    const english = new Set(keys(englishMessages.ra));
    expect(keys(raZh).filter((k) => !english.has(k))).toEqual([]);
  });
});
