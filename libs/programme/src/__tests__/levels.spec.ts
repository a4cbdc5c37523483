import { CommandBus } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { RecordPurchaseCommand, RecordPurchaseHandler } from '@loyalty/loyalty';
import { addMonthsInZone } from '@loyalty/shared';
import { bootTestPlatform, createTenant, gql, idemKey, posContext, posGet, posPost, settleOutbox, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { LevelEngine } from '../application/level-engine';
import { LevelReviewScheduler } from '../application/level-review.scheduler';
import { EXAMPLE_LEVEL_SCHEME, levelSchemeInput } from '../domain/level-rules';
import { bootProgrammeBed, levelSchemeVariables } from './programme-fixtures';

const CONFIGURE = `mutation($input: LevelSchemeInput!) { configureLevelScheme(input: $input) { id merchantId validityMonths levels { code conditions { all { metric min windowMonths } } } } }`;
const LEVEL = `query($memberId: UUID!) { memberLevel(memberId: $memberId) { levelCode growth validUntil benefits { pointsMultiplierPermille discountPermille } } }`;
const HISTORY = `query($memberId: UUID!) { memberLevelHistory(memberId: $memberId, limit: 20) { total items { fromCode toCode reason note orderNo actorId } } }`;

describe('levels and growth value (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;

  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(2));
    const res = await gql(platform, admin, CONFIGURE, { input: levelSchemeVariables({ ...EXAMPLE_LEVEL_SCHEME, merchantId }) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.configureLevelScheme.levels.map((l: { code: string }) => l.code)).toEqual(['REGULAR', 'SILVER', 'GOLD', 'DIAMOND']);
  });
  afterAll(() => platform.close());

  async function register() {
    const res = await posPost(platform, key, '/members', { phone: uniquePhone() });
    expect(res.status).toBe(201);
    return res.body.id as string;
  }
  async function buy(memberId: string, amountFen: number, occurredAt?: Date) {
    const res = await posPost(platform, key, '/purchases', { memberId, orderNo: idemKey(), amountFen, occurredAt: occurredAt?.toISOString() });
    expect(res.status).toBe(201);
    return res.body as { pointsEarned: number };
  }
  const levelOf = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}/level`)).body.levelCode as string;

  it('upgrades on the qualifying single purchase: 199.99 stays 普通, 200.00 makes 银卡', async () => {
    const below = await register();
    await buy(below, 199_99);
    expect(await levelOf(below)).toBe('REGULAR');
    const at = await register();
    await buy(at, 200_00);
    expect(await levelOf(at)).toBe('SILVER');
  });

  it('upgrades on cumulative spend: 499.99 stays 普通, the purchase reaching 500.00 makes 银卡', async () => {
    const member = await register();
    for (const amount of [199_99, 199_99, 100_01]) await buy(member, amount);
    expect(await levelOf(member)).toBe('REGULAR');
    await buy(member, 1);
    expect(await levelOf(member)).toBe('SILVER');
    const history = (await gql(platform, admin, HISTORY, { memberId: member })).body.data.memberLevelHistory;
    expect(history.total).toBe(1);
    expect(history.items[0]).toMatchObject({ fromCode: null, toCode: 'SILVER', reason: 'UPGRADE' });
    expect(history.items[0].note).toContain('CUMULATIVE_SPEND 50000 ≥ 50000');
    const events = await systemQuery<{ payload: { fromCode: string | null; toCode: string; reason: string; validUntil: string } }>(
      platform,
      `select payload from outbox_event where key = ? and type = 'member.level_changed.v1'`,
      [member],
    );
    expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ fromCode: null, toCode: 'SILVER', reason: 'UPGRADE', validUntil: expect.any(String) })]);
  });

  it('counts spend in the rolling 12 months: just inside makes 金卡, just outside does not', async () => {
    const yearAgo = addMonthsInZone(new Date(), -12, 'Asia/Shanghai');
    const inside = await register();
    await buy(inside, 1000_00, new Date(yearAgo.getTime() + 120_000));
    expect(await levelOf(inside)).toBe('GOLD');
    const outside = await register();
    await buy(outside, 1000_00, new Date(yearAgo.getTime() - 120_000));
    expect(await levelOf(outside)).toBe('SILVER');
  });

  it('measures the window to the exact moment: a purchase is in the window until 12 months after it, not a millisecond longer', async () => {
    const member = await register();
    const boughtAt = new Date(Date.now() - 86_400_000);
    await buy(member, 1000_00, boughtAt);
    const engine = platform.app.get(LevelEngine);
    const window = (asOf: Date) =>
      platform.app.get(Db).asSystem(async (tx) => {
        const scheme = (await engine.schemeFor(tx, tenant.tenantId, merchantId))!;
        return (await engine.metricsOf(tx, scheme, [member], asOf)).get(member)!.windowSpendFen.get(12);
      });
    const edge = addMonthsInZone(boughtAt, 12, 'Asia/Shanghai');
    expect(await window(edge)).toBe(1000_00);
    expect(await window(new Date(edge.getTime() + 1))).toBe(0);
  });

  it('applies the level’s points multiplier to earning, from the purchase after the upgrade', async () => {
    const member = await register();
    expect((await buy(member, 200_00)).pointsEarned).toBe(200); // earned as 普通, then upgraded
    expect((await buy(member, 100_00)).pointsEarned).toBe(120); // 银卡 ×1.2
  });

  it('keeps levels for their validity, then the retention review (保级) lowers those who no longer qualify', async () => {
    const lapsed = await register();
    await buy(lapsed, 1000_00, new Date(Date.now() - 86_400_000));
    const kept = await register();
    await buy(kept, 2000_00);
    const before = (await gql(platform, admin, LEVEL, { memberId: lapsed })).body.data.memberLevel;
    expect(before.levelCode).toBe('GOLD');
    const validUntil = new Date(before.validUntil);
    expect(Math.abs(validUntil.getTime() - addMonthsInZone(new Date(), 12, 'Asia/Shanghai').getTime())).toBeLessThan(120_000);

    // Nothing is due before the validity ends.
    await platform.app.get(LevelReviewScheduler).runForTenants(new Date(validUntil.getTime() - 60_000), [tenant.tenantId]);
    expect(await levelOf(lapsed)).toBe('GOLD');

    const asOf = new Date(validUntil.getTime() + 60_000);
    await platform.app.get(LevelReviewScheduler).runForTenants(asOf, [tenant.tenantId]);
    // The year's spend has left the window: cumulative 1,000.00 still makes 银卡.
    expect(await levelOf(lapsed)).toBe('SILVER');
    expect(await levelOf(kept)).toBe('GOLD');
    const lapsedHistory = (await gql(platform, admin, HISTORY, { memberId: lapsed })).body.data.memberLevelHistory.items;
    expect(lapsedHistory[0]).toMatchObject({ fromCode: 'GOLD', toCode: 'SILVER', reason: 'DOWNGRADE', actorId: 'level-review' });
    const keptView = (await gql(platform, admin, LEVEL, { memberId: kept })).body.data.memberLevel;
    expect(keptView.validUntil).toBe(addMonthsInZone(asOf, 12, 'Asia/Shanghai').toISOString());
    expect((await gql(platform, admin, HISTORY, { memberId: kept })).body.data.memberLevelHistory.items[0]).toMatchObject({ toCode: 'GOLD', reason: 'RETAINED' });
  });

  it('lets staff change a level by hand with a reason, kept in the history', async () => {
    const member = await register();
    const missing = await gql(platform, admin, `mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "GOLD", reason: "") { levelCode } }`, { m: member });
    expect(missing.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const unknown = await gql(platform, admin, `mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "PLATINUM", reason: "VIP customer") { levelCode } }`, { m: member });
    expect(unknown.body.errors[0].extensions.code).toBe('LEVEL_NOT_FOUND');
    const res = await gql(platform, tenant.merchants[0].clerkToken, `mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "DIAMOND", reason: "店长批准: 大客户") { levelCode benefits { discountPermille } } }`, { m: member });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.changeMemberLevel).toEqual({ levelCode: 'DIAMOND', benefits: { discountPermille: 100 } });
    const [change] = (await gql(platform, admin, HISTORY, { memberId: member })).body.data.memberLevelHistory.items;
    expect(change).toMatchObject({ fromCode: null, toCode: 'DIAMOND', reason: 'MANUAL', note: '店长批准: 大客户' });
  });

  it('awards growth value by behaviour within the daily cap, and takes purchase growth back on refund', async () => {
    const member = await register();
    const first = await posPost(platform, key, '/growth-events', { memberId: member, behaviour: 'CHECK_IN' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ growthAwarded: 5, growthBalance: 5, levelCode: 'REGULAR' });
    const second = await posPost(platform, key, '/growth-events', { memberId: member, behaviour: 'CHECK_IN' });
    expect(second.body).toMatchObject({ growthAwarded: 0, growthBalance: 5 });
    // No rule for SHARE in the example: nothing, and nothing refused.
    expect((await posPost(platform, key, '/growth-events', { memberId: member, behaviour: 'SHARE' })).body.growthAwarded).toBe(0);

    const orderNo = idemKey();
    expect((await posPost(platform, key, '/purchases', { memberId: member, orderNo, amountFen: 150_99 })).status).toBe(201);
    expect((await gql(platform, admin, LEVEL, { memberId: member })).body.data.memberLevel.growth).toBe(155);
    expect((await posPost(platform, key, '/refunds', { orderNo, amountFen: 75_50 })).status).toBe(201);
    expect((await gql(platform, admin, LEVEL, { memberId: member })).body.data.memberLevel.growth).toBe(5 + 150 - 75);
    expect((await posPost(platform, key, '/refunds', { orderNo })).status).toBe(201);
    expect((await gql(platform, admin, LEVEL, { memberId: member })).body.data.memberLevel.growth).toBe(5);
    const [spend] = await systemQuery<{ refunded_fen: number }>(platform, 'select refunded_fen from qualifying_spend where member_id = ?', [member]);
    expect(Number(spend.refunded_fen)).toBe(150_99);
  });

  it('awards REVIEW and SHARE growth value up to their daily caps, each behaviour counted apart', async () => {
    // A tenant of its own: the others here keep the example's rules.
    const [second] = (await createTenant(platform.app, { merchants: 1 })).merchants;
    const scheme = {
      ...EXAMPLE_LEVEL_SCHEME,
      merchantId: second.merchant.id,
      growthRules: [
        { behaviour: 'REVIEW' as const, amount: 10, dailyCap: 25 },
        { behaviour: 'SHARE' as const, amount: 3, dailyCap: 6 },
      ],
    };
    expect((await gql(platform, second.adminToken, CONFIGURE, { input: levelSchemeVariables(scheme) })).body.errors).toBeUndefined();
    const member = (await posPost(platform, second.posKeys[0], '/members', { phone: uniquePhone() })).body.id as string;
    const behave = async (behaviour: string) => {
      const res = await posPost(platform, second.posKeys[0], '/growth-events', { memberId: member, behaviour, reference: idemKey() });
      expect(res.status).toBe(201);
      return [res.body.growthAwarded, res.body.growthBalance];
    };
    // Reviews: 10, 10, then the 5 left of the cap of 25, then nothing.
    expect([await behave('REVIEW'), await behave('REVIEW'), await behave('REVIEW'), await behave('REVIEW')]).toEqual([[10, 10], [10, 20], [5, 25], [0, 25]]);
    // Shares have a cap of their own: 3, 3, then nothing.
    expect([await behave('SHARE'), await behave('SHARE'), await behave('SHARE')]).toEqual([[3, 28], [3, 31], [0, 31]]);
    const awards = await systemQuery<{ behaviour: string; total: number }>(
      platform,
      'select behaviour, sum(amount)::int as total from growth_award where member_id = ? group by behaviour order by behaviour',
      [member],
    );
    expect(awards).toEqual([
      { behaviour: 'REVIEW', total: 25 },
      { behaviour: 'SHARE', total: 6 },
    ]);
  });

  it('rejects bad configurations with a code and a 4xx, changing nothing', async () => {
    const before = await systemQuery(platform, 'select levels from level_scheme where scope_id = ?', [merchantId]);
    const [regular, silver, gold] = EXAMPLE_LEVEL_SCHEME.levels;
    const overlapping = { ...EXAMPLE_LEVEL_SCHEME, merchantId, levels: [regular, silver, { ...gold, conditions: [[{ metric: 'CUMULATIVE_SPEND' as const, min: 300_00 }]] }] };
    const res = await gql(platform, admin, CONFIGURE, { input: levelSchemeVariables(overlapping) });
    expect(res.status).toBe(422);
    expect(res.body.errors[0].extensions.code).toBe('LEVEL_THRESHOLDS_OVERLAP');
    const negative = { ...EXAMPLE_LEVEL_SCHEME, merchantId, levels: [regular, { ...silver, benefits: { ...silver.benefits, discountPermille: -5 } }] };
    const bad = await gql(platform, admin, CONFIGURE, { input: levelSchemeVariables(negative) });
    expect(bad.status).toBe(400);
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    // Dropping levels members hold is refused too.
    const dropping = await gql(platform, admin, CONFIGURE, { input: levelSchemeVariables({ ...EXAMPLE_LEVEL_SCHEME, merchantId, levels: [regular, silver] }) });
    expect(dropping.body.errors[0].extensions.code).toBe('LEVEL_IN_USE');
    expect(await systemQuery(platform, 'select levels from level_scheme where scope_id = ?', [merchantId])).toEqual(before);
    // Another merchant's admin cannot configure this merchant.
    const other = await gql(platform, tenant.merchants[1].adminToken, CONFIGURE, { input: levelSchemeVariables({ ...EXAMPLE_LEVEL_SCHEME, merchantId }) });
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });

  it('uses the alliance’s tenant-wide scheme for merchants without their own, counting spend at every merchant', async () => {
    const operator = tenant.operatorToken!;
    const scheme = { ...EXAMPLE_LEVEL_SCHEME, name: '联盟等级' };
    const res = await gql(platform, operator, CONFIGURE, { input: levelSchemeVariables(scheme) });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.configureLevelScheme.merchantId).toBeNull();
    const otherKey = tenant.merchants[1].posKeys[0];
    const member = await register();
    // 300.00 at the merchant with its own scheme, 200.00 at the other: 500.00 across the alliance.
    await buy(member, 150_00);
    await buy(member, 150_00);
    expect((await posPost(platform, otherKey, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 199_99 })).status).toBe(201);
    expect((await posGet(platform, otherKey, `/members/${member}/level`)).body.levelCode).toBe('REGULAR');
    expect((await posPost(platform, otherKey, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 1 })).status).toBe(201);
    expect((await posGet(platform, otherKey, `/members/${member}/level`)).body.levelCode).toBe('SILVER');
    // The merchant's own scheme counts its own spend only: 300.00 is still 普通 there.
    expect(await levelOf(member)).toBe('REGULAR');
  });

  it('credits an alliance upgrade reached in a batch spanning merchants to the merchant whose purchase reached it', async () => {
    const alliance = await createTenant(platform.app, { merchants: 2 });
    const res = await gql(platform, alliance.operatorToken!, CONFIGURE, { input: levelSchemeVariables({ ...EXAMPLE_LEVEL_SCHEME, name: '联盟等级' }) });
    expect(res.body.errors).toBeUndefined();
    const member = (await posPost(platform, alliance.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body.id as string;
    const [small, large] = [idemKey(), idemKey()];
    const applyBatch = jest.spyOn(platform.app.get(RecordPurchaseHandler), 'applyBatch');
    try {
      // Submitted in one turn of the event loop: one batch, ¥10.00 at the first merchant, then ¥300.00 (银卡 from ¥200.00) at the second.
      const purchases: [number, string, number][] = [
        [0, small, 10_00],
        [1, large, 300_00],
      ];
      const outcomes = await Promise.all(
        purchases.map(([merchant, orderNo, amountFen]) => platform.app.get(CommandBus).execute(new RecordPurchaseCommand(posContext(alliance.merchants[merchant]), { memberId: member, orderNo, amountFen }, idemKey()))),
      );
      expect(applyBatch).toHaveBeenCalledTimes(1);
      expect(outcomes.map((outcome) => outcome.status)).toEqual([201, 201]);
    } finally {
      applyBatch.mockRestore();
    }
    expect(await systemQuery(platform, 'select to_code as "toCode", order_no as "orderNo" from member_level_change where member_id = ?', [member])).toEqual([{ toCode: 'SILVER', orderNo: large }]);
  });
});

describe('levels under concurrent transactions (real PostgreSQL)', () => {
  let platform: TestPlatform;
  let key: string;

  beforeAll(async () => {
    // One purchase per transaction, four transactions at once: purchases of one member race.
    platform = await bootTestPlatform({ WRITE_BATCH_MAX: '1', WRITE_BATCH_IN_FLIGHT: '4' });
    const tenant = await createTenant(platform.app, { merchants: 1 });
    key = tenant.merchants[0].posKeys[0];
    // Purchases under ¥1 earn no points and no growth value, so no ledger account orders them:
    // only the level itself can.
    const scheme = { name: 'race', merchantId: tenant.merchants[0].merchant.id, levels: [{ code: 'BASE', name: '普通', conditions: [] }, { code: 'VIP', name: 'VIP', conditions: [[{ metric: 'SINGLE_PURCHASE' as const, min: 50 }]] }] };
    const res = await gql(platform, tenant.merchants[0].adminToken, CONFIGURE, { input: levelSchemeVariables(levelSchemeInput.parse(scheme)) });
    expect(res.body.errors).toBeUndefined();
  });
  afterAll(() => platform.close());

  it('records one upgrade when concurrent purchases qualify the same member', async () => {
    const member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    // A first purchase below the threshold opens the member's accounts (opening one would order them).
    expect((await posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 1 })).status).toBe(201);
    const results = await Promise.all(Array.from({ length: 6 }, () => posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 99 })));
    expect(results.map((r) => r.status)).toEqual(Array(6).fill(201));
    const history = await systemQuery<{ to_code: string }>(platform, 'select to_code from member_level_change where member_id = ?', [member]);
    expect(history.map((h) => h.to_code)).toEqual(['VIP']);
  });
});

describe('levels configured after the purchases (real PostgreSQL)', () => {
  let platform: TestPlatform;
  let key: string;
  let admin: string;
  let merchantId: string;
  afterAll(() => platform.close());

  it('raises members who already qualify when asked to re-evaluate, once', async () => {
    ({ platform, key, admin, merchantId } = await bootProgrammeBed(1));
    const member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    await posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 600_00 });
    // The registration's welcome (growth value, and a level when there is a scheme) is done before the scheme comes.
    await settleOutbox(platform);
    const res = await gql(platform, admin, CONFIGURE, { input: levelSchemeVariables({ ...EXAMPLE_LEVEL_SCHEME, merchantId }) });
    expect(res.body.errors).toBeUndefined();
    expect((await posGet(platform, key, `/members/${member}/level`)).body.levelCode).toBe('REGULAR');
    const REEVALUATE = `mutation { reevaluateMemberLevels }`;
    expect((await gql(platform, admin, REEVALUATE)).body.data.reevaluateMemberLevels).toBe(1);
    expect((await posGet(platform, key, `/members/${member}/level`)).body.levelCode).toBe('SILVER');
    expect((await gql(platform, admin, REEVALUATE)).body.data.reevaluateMemberLevels).toBe(0);
  });
});
