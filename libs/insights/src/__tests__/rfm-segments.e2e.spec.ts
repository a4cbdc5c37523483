import { randomUUID } from 'node:crypto';
import {
  bootTestPlatform,
  createTenant,
  settleOutbox,
  gqlData,
  gqlError,
  type MerchantFixture,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { Db } from '@loyalty/database';
import { InsightsScheduler } from '../application/insights.scheduler';
import { RfmEngine } from '../application/rfm-engine';

const T0 = new Date('2026-06-01T12:00:00+08:00');
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(T0.getTime() - days * DAY).toISOString();

/**
 * Scores, groups, lifecycle stages and segments at their edges, with merchant-set thresholds; the
 * alliance's scope across merchants; incremental re-scoring as purchases arrive; access and bad input.
 */
describe('RFM segments, boundaries and scopes (end to end)', () => {
  let platform: TestPlatform;
  let alliance: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  const members: Record<string, string> = {};
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const fails = (token: string, query: string, variables?: Record<string, unknown>) => gqlError(platform, token, query, variables);
  const buy = async (merchant: MerchantFixture, name: string, purchases: [days: number, amountFen: number][]) => {
    members[name] ??= (await posPost(platform, merchant.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    for (const [days, amountFen] of purchases) {
      const res = await posPost(platform, merchant.posKeys[0], '/purchases', { memberId: members[name], orderNo: `O-${++order}`, amountFen, occurredAt: daysBefore(days) });
      expect(res.status).toBe(201);
    }
  };
  const MEMBER = `query($memberId: UUID!, $merchantId: UUID) { memberRfm(memberId: $memberId, merchantId: $merchantId) {
    recencyDays frequency monetaryFen r f m group lifecycle segment purchasesTotal computedAt } }`;
  const rfmOf = async (name: string, token = a.adminToken) => (await call(token, MEMBER, { memberId: members[name] })).memberRfm;
  const SETTINGS = `mutation($input: RfmSettingsInput!) { setRfmSettings(input: $input) { scopeId members } }`;
  const thresholds = {
    scoring: 'threshold',
    recencyBreaks: [10, 20, 30, 40],
    frequencyBreaks: [1, 2, 3, 4],
    monetaryBreaks: [100_00, 200_00, 300_00, 400_00],
    grouping: 'threshold',
    recencyHighDays: 30,
    frequencyHigh: 3,
    monetaryHighFen: 300_00,
  };

  beforeAll(async () => {
    platform = await bootTestPlatform({ RFM_SCHEDULE_MS: '0', EXPIRY_SWEEP_MS: '0' });
    alliance = await createTenant(platform.app, { merchants: 2 });
    [a, b] = alliance.merchants;
    await settleOutbox(platform); // insights learns the merchants
    await call(a.adminToken, SETTINGS, { input: thresholds });

    await buy(a, 'value', [[10, 100_00], [40, 100_00], [50, 100_00]]);
    await buy(a, 'retain', [[31, 300_00]]);
    await buy(a, 'newGroup', [[30, 299_99]]);
    await buy(a, 'newcomer', [[29, 50_00]]);
    await buy(a, 'potential', [[1, 10_00], [2, 10_00], [3, 10_00], [4, 10_00], [40, 10_00]]);
    await buy(a, 'winBack', [[40, 100_00], [41, 100_00], [42, 100_00], [43, 100_00]]);
    await buy(a, 'develop', [[5, 500_00]]);
    await buy(a, 'maintain', [[60, 10_00], [61, 10_00], [62, 10_00]]);
    await buy(a, 'lost', [[181, 10_00]]);
    await buy(a, 'day90', [[90, 10_00]]);
    await buy(a, 'day91', [[91, 10_00]]);
    await buy(a, 'day180', [[180, 10_00]]);
    await buy(a, 'outsideWindow', [[400, 1000_00], [100, 10_00]]);
    await buy(a, 'refunded', [[5, 200_00]]);
    expect((await posPost(platform, a.posKeys[0], '/refunds', { orderNo: `O-${order}`, amountFen: 50_00 })).status).toBe(201);
    await buy(b, 'onlyAtB', [[2, 80_00]]);
    await settleOutbox(platform);
    await call(a.adminToken, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: T0.toISOString() });
  });
  afterAll(() => platform?.close());

  it('scores against set breaks at their edges: R 5 up to the first break, F and M 1 up to it', async () => {
    expect(await rfmOf('value')).toMatchObject({ recencyDays: 10, frequency: 3, monetaryFen: 300_00, r: 5, f: 3, m: 3 });
    expect(await rfmOf('retain')).toMatchObject({ recencyDays: 31, r: 2, f: 1, m: 3 });
    expect(await rfmOf('newGroup')).toMatchObject({ recencyDays: 30, r: 3, m: 3 });
    expect(await rfmOf('winBack')).toMatchObject({ recencyDays: 40, r: 2, f: 4, m: 4 });
    expect(await rfmOf('develop')).toMatchObject({ r: 5, f: 1, m: 5 });
    expect(await rfmOf('lost')).toMatchObject({ recencyDays: 181, r: 1, f: 1, m: 1 });
  });

  it('puts members in the eight groups by high/low against the thresholds, equal counting as high', async () => {
    const groups = Object.fromEntries(
      await Promise.all(['value', 'winBack', 'develop', 'retain', 'potential', 'newGroup', 'maintain', 'lost'].map(async (name) => [name, (await rfmOf(name)).group])),
    );
    expect(groups).toEqual({
      value: 'IMPORTANT_VALUE',
      winBack: 'IMPORTANT_WIN_BACK',
      develop: 'IMPORTANT_DEVELOP',
      retain: 'IMPORTANT_RETAIN',
      potential: 'POTENTIAL',
      newGroup: 'NEW',
      maintain: 'GENERAL_MAINTAIN',
      lost: 'LOST',
    });
  });

  it('stages the lifecycle at its edges: new under 30 days, declining after 90, churned after 180, mature from 5 purchases', async () => {
    const stages = Object.fromEntries(
      await Promise.all(['newcomer', 'newGroup', 'day90', 'day91', 'day180', 'lost', 'potential', 'winBack'].map(async (name) => [name, (await rfmOf(name)).lifecycle])),
    );
    expect(stages).toEqual({
      newcomer: 'new',
      newGroup: 'growing',
      day90: 'growing',
      day91: 'declining',
      day180: 'declining',
      lost: 'churned',
      potential: 'mature',
      winBack: 'growing',
    });
  });

  it('keeps the simple segments, the window and refunds apart', async () => {
    expect(await rfmOf('newcomer')).toMatchObject({ segment: 'new' });
    expect(await rfmOf('retain')).toMatchObject({ segment: 'lost' });
    expect(await rfmOf('winBack')).toMatchObject({ segment: 'sleeping' });
    expect(await rfmOf('potential')).toMatchObject({ segment: 'important' });
    // Bought 400 days ago (outside the 365-day window) and 100 days ago: F and M count the window only.
    expect(await rfmOf('outsideWindow')).toMatchObject({ frequency: 1, monetaryFen: 10_00, purchasesTotal: 2, segment: 'important', lifecycle: 'declining' });
    // A refund of 50 of a 200 purchase counts against the sale's own time.
    expect(await rfmOf('refunded')).toMatchObject({ frequency: 1, monetaryFen: 150_00, m: 2 });
  });

  it("computes the alliance's scope across its merchants, and each merchant's apart", async () => {
    const operator = alliance.operatorToken!;
    const run = (await call(operator, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { scopeId members } }`, { asOf: T0.toISOString() })).refreshRfm;
    expect(run).toEqual({ scopeId: alliance.tenantId, members: Object.keys(members).length });
    const ofA = (await call(operator, `query($m: UUID) { rfmOverview(merchantId: $m) { scope members settings { scoring } } }`, { m: a.merchant.id })).rfmOverview;
    expect(ofA).toEqual({ scope: 'merchant', members: Object.keys(members).length - 1, settings: { scoring: 'threshold' } });
    const ofAlliance = (await call(operator, `{ rfmOverview { scope settings { scoring grouping } groups { key members } } }`)).rfmOverview;
    expect(ofAlliance.scope).toBe('alliance');
    expect(ofAlliance.settings).toEqual({ scoring: 'quintile', grouping: 'average' });
    expect(ofAlliance.groups.reduce((sum: number, g: { members: number }) => sum + g.members, 0)).toBe(Object.keys(members).length);
    // B's member is in B's scope only.
    expect(await fails(a.adminToken, MEMBER, { memberId: members.onlyAtB })).toEqual({ status: 404, code: 'MEMBER_RFM_NOT_FOUND' });
    expect((await rfmOf('onlyAtB', b.adminToken)).frequency).toBe(1);
  });

  it('lists an audience by group and lifecycle, highest spend first', async () => {
    const list = (await call(a.adminToken, `{ rfmMembers(lifecycle: declining) { memberId monetaryFen } }`)).rfmMembers;
    expect(list.map((m: { memberId: string }) => m.memberId).sort()).toEqual([members.day91, members.day180, members.outsideWindow].sort());
    const value = (await call(a.adminToken, `{ rfmMembers(group: IMPORTANT_VALUE, limit: 5) { memberId } }`)).rfmMembers;
    expect(value).toEqual([{ memberId: members.value }]);
  });

  it('re-scores a member as soon as a purchase arrives, against the last full run, and recomputes in full on schedule', async () => {
    const [before] = await systemQuery<{ computedAt: Date; asOf: Date }>(platform, 'select computed_at as "computedAt", as_of as "asOf" from insights.rfm_run where scope_id = ?', [a.merchant.id]);
    const res = await posPost(platform, a.posKeys[0], '/purchases', { memberId: members.newGroup, orderNo: `O-${++order}`, amountFen: 10_00 });
    expect(res.status).toBe(201);
    await settleOutbox(platform);
    // Bought now: recency 0, two purchases, 309.99 in the window (which now ends today).
    expect(await rfmOf('newGroup')).toMatchObject({ recencyDays: 0, frequency: 2, monetaryFen: 309_99, r: 5, f: 2, m: 4, group: 'IMPORTANT_DEVELOP' });
    const [after] = await systemQuery<{ computedAt: Date; asOf: Date }>(platform, 'select computed_at as "computedAt", as_of as "asOf" from insights.rfm_run where scope_id = ?', [a.merchant.id]);
    expect(after).toEqual(before);

    const tomorrow = new Date(Date.now() + 25 * 3600_000);
    // The scopes of this test (test files share the database): the merchant's and the alliance's.
    const scopes = [a.merchant.id, alliance.tenantId];
    // While a re-scoring of the merchant's scope holds it (a relay transaction not yet committed),
    // the scheduler leaves that scope for its next tick and recomputes the alliance's.
    let release!: () => void;
    let held!: () => void;
    const heldNow = new Promise<void>((resolve) => (held = resolve));
    const holding = platform.app.get(Db).asSystem(async (tx) => {
      await platform.app.get(RfmEngine).lockScopes(tx, [a.merchant.id]);
      held();
      await new Promise<void>((resolve) => (release = resolve));
    });
    await heldNow;
    expect(await platform.app.get(InsightsScheduler).tick(tomorrow, scopes)).toBe(1);
    release();
    await holding;
    expect(await platform.app.get(InsightsScheduler).tick(tomorrow, scopes)).toBe(1);
    const [scheduled] = await systemQuery<{ asOf: Date }>(platform, 'select as_of as "asOf" from insights.rfm_run where scope_id = ?', [a.merchant.id]);
    expect(new Date(scheduled.asOf).toISOString()).toBe(tomorrow.toISOString());
    expect(await rfmOf('newGroup')).toMatchObject({ recencyDays: 1 });
    // Nothing is due again until the next period.
    expect(await platform.app.get(InsightsScheduler).tick(tomorrow, scopes)).toBe(0);
  });

  it('refuses other merchants, clerks and bad input with stable codes', async () => {
    expect(await fails(a.adminToken, `query($m: UUID) { rfmOverview(merchantId: $m) { members } }`, { m: b.merchant.id })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await fails(a.clerkToken, `{ rfmOverview { members } }`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await fails(alliance.operatorToken!, `query($m: UUID) { abcPyramid(merchantId: $m) { tier } }`, { m: randomUUID() })).toEqual({
      status: 404,
      code: 'MERCHANT_NOT_FOUND',
    });
    expect(await fails(a.adminToken, SETTINGS, { input: { scoring: 'threshold' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, SETTINGS, { input: { ...thresholds, recencyBreaks: [40, 30, 20, 10] } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, SETTINGS, { input: { declineDays: 200, churnDays: 100 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, SETTINGS, { input: { windowDays: 0 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, `mutation { refreshRfm(asOf: "yesterday") { members } }`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, `{ rfmMembers(limit: 500) { memberId } }`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
