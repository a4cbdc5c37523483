import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  disablePlugin,
  enablePlugin,
  gql,
  gqlData,
  pluginPosPost,
  posGet,
  posPost,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';
import { LevelReviewScheduler } from '@loyalty/programme';
import { VISIT_POINTS } from './fixtures/test-measures.plugin';

const FIXTURE = join(__dirname, 'fixtures', 'test-measures.plugin.ts');
const PLUGIN = 'test-measures';
const CONFIGURE = 'mutation($input: LevelSchemeInput!) { configureLevelScheme(input: $input) { id levels { code conditions { all { metric measure min windowMonths } } } } }';
const REEVALUATE = 'mutation($m: UUID) { reevaluateMemberLevels(merchantId: $m) }';

/** BASE, and VIP reached by `condition` (×2 points). */
const scheme = (condition: Record<string, unknown>, merchantId?: string) => ({
  merchantId,
  name: 'visits',
  levels: [
    { code: 'BASE', name: '普通' },
    { code: 'VIP', name: '贵宾', conditions: [{ all: [condition] }], benefits: { pointsMultiplierPermille: 2000 } },
  ],
});

/**
 * The SDK's level measures and level-inclusive points, on the booted platform with real PostgreSQL:
 * a plugin's measure in the programme's level rules (merchant and tenant-wide schemes, windows, the
 * plugin on or off), the upgrade at once when its endpoint records a purchase, and points that the
 * level multiplier leaves alone.
 */
describe('plugin level measures', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];

  const register = async (merchant = on) => {
    const phone = uniquePhone();
    const id: string = (await posPost(platform, tenant.merchants[merchant].posKeys[0], '/members', { phone })).body.id;
    return { phone, id };
  };
  const visit = (phone: string, orderNo: string, extra: Record<string, unknown> = {}, t = tenant) =>
    pluginPosPost(platform, t.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo, amountFen: 1_000, ...extra });
  const levelOf = async (memberId: string, t = tenant, merchant = on) => (await posGet(platform, t.merchants[merchant].posKeys[0], `/members/${memberId}/level`)).body.levelCode;

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([FIXTURE]);
    tenant = await createTenant(platform.app, { merchants: 2 });
    await enablePlugin(platform, tenant.merchants[on].adminToken, PLUGIN);
  });
  afterAll(() => platform.close());

  it('lets a level condition name a loaded plugin’s measure, and refuses one nothing provides: 422, nothing saved', async () => {
    const admin = tenant.merchants[on].adminToken;
    const merchantId = tenant.merchants[on].merchant.id;
    const unknown = await gql(platform, admin, CONFIGURE, { input: scheme({ metric: 'MEASURE', measure: 'test-measures.stays', min: 2 }, merchantId) });
    expect([unknown.status, unknown.body.errors[0].extensions.code]).toEqual([422, 'LEVEL_MEASURE_UNKNOWN']);
    const nameless = await gql(platform, admin, CONFIGURE, { input: scheme({ metric: 'MEASURE', min: 2 }, merchantId) });
    expect([nameless.status, nameless.body.errors[0].extensions.code]).toEqual([400, 'VALIDATION_FAILED']);
    expect(await systemQuery(platform, 'select 1 from level_scheme where scope_id = ?', [merchantId])).toEqual([]);

    // What the console offers: the loaded plugins' measures by the name conditions use.
    const { plugins } = await gqlData(platform, admin, '{ plugins { id measures { name description } } }');
    expect(plugins.find((p: { id: string }) => p.id === PLUGIN).measures).toEqual([{ name: 'test-measures.visits', description: 'Visits at the till' }]);

    const saved = await gqlData(platform, admin, CONFIGURE, { input: scheme({ metric: 'MEASURE', measure: 'test-measures.visits', min: 2, windowMonths: 1 }, merchantId) });
    expect(saved.configureLevelScheme.levels[1].conditions).toEqual([{ all: [{ metric: 'MEASURE', measure: 'test-measures.visits', min: 2, windowMonths: 1 }] }]);
  });

  it('raises a member at once when the visit that reaches the threshold is recorded, counting only the window', async () => {
    const member = await register();
    // 40 days ago: outside the one-month window.
    const old = await visit(member.phone, 'M-OLD', { occurredAt: new Date(Date.now() - 40 * 86_400_000).toISOString() });
    expect(old.body).toEqual({ pointsEarned: VISIT_POINTS, level: 'BASE' });
    expect((await visit(member.phone, 'M-1')).body.level).toBe('BASE');
    expect((await visit(member.phone, 'M-2')).body.level).toBe('VIP');
    const [change] = await systemQuery<{ note: string; orderNo: string }>(platform, 'select note, order_no as "orderNo" from member_level_change where member_id = ?', [member.id]);
    expect(change).toEqual({ note: '贵宾: test-measures.visits(1m) 2 ≥ 2', orderNo: 'M-2' });
  });

  it('leaves points that include the level as they are, while the level multiplies the rest', async () => {
    const member = await register();
    await visit(member.phone, 'P-1');
    await visit(member.phone, 'P-2');
    expect(await levelOf(member.id)).toBe('VIP');
    // VIP doubles points: not the visit's, which include the level already.
    expect((await visit(member.phone, 'P-3')).body.pointsEarned).toBe(VISIT_POINTS);
    const purchase = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { phone: member.phone, orderNo: 'P-4', amountFen: 1_000 });
    expect(purchase.body.pointsEarned).toBe(20);
    const [earned] = await systemQuery<{ points: string }>(platform, "select points_earned as points from purchase where member_id = ? and order_no = 'P-3'", [member.id]);
    expect(Number(earned.points)).toBe(VISIT_POINTS);
  });

  it('counts nothing for a scheme whose merchant has the plugin off', async () => {
    const member = await register();
    await visit(member.phone, 'D-1');
    // The registration's welcome (which measures the member too) is done before the plugin goes off and on.
    await settleOutbox(platform);
    await disablePlugin(platform, tenant.merchants[on].adminToken, PLUGIN);
    // A second visit lands while it is off (a late upload, say): the measure does not count for the merchant now.
    await systemQuery(platform, 'insert into test_measures_visit (id, tenant_id, merchant_id, member_id, occurred_at) values (gen_random_uuid(), ?, ?, ?, now())', [
      tenant.tenantId,
      tenant.merchants[on].merchant.id,
      member.id,
    ]);
    await gqlData(platform, tenant.merchants[on].adminToken, REEVALUATE, { m: null });
    expect(await levelOf(member.id)).toBe('BASE');
    await enablePlugin(platform, tenant.merchants[on].adminToken, PLUGIN);
    expect((await gqlData(platform, tenant.merchants[on].adminToken, REEVALUATE, { m: null })).reevaluateMemberLevels).toBeGreaterThanOrEqual(1);
    expect(await levelOf(member.id)).toBe('VIP');
  });

  it('counts, for a tenant-wide scheme, the facts of every merchant that has the plugin on, evaluated at any merchant', async () => {
    const alliance = await createTenant(platform.app, { merchants: 2 });
    await enablePlugin(platform, alliance.merchants[on].adminToken, PLUGIN);
    // VIP: a visit and ¥100 spent, anywhere in the alliance.
    const input = {
      name: 'alliance',
      validityMonths: 1,
      levels: [
        { code: 'BASE', name: '普通' },
        { code: 'VIP', name: '贵宾', conditions: [{ all: [{ metric: 'MEASURE', measure: 'test-measures.visits', min: 1 }, { metric: 'CUMULATIVE_SPEND', min: 100_00 }] }] },
      ],
    };
    await gqlData(platform, alliance.operatorToken!, CONFIGURE, { input });
    const phone = uniquePhone();
    const memberId: string = (await posPost(platform, alliance.merchants[on].posKeys[0], '/members', { phone })).body.id;
    expect((await visit(phone, 'T-1', {}, alliance)).body.level).toBe('BASE');
    // A purchase at the merchant that has the plugin off, in its own transaction, reaches the level with the visit made at the other.
    const purchase = await posPost(platform, alliance.merchants[off].posKeys[0], '/purchases', { phone, orderNo: 'T-2', amountFen: 90_00 });
    expect(purchase.status).toBe(201);
    expect(await levelOf(memberId, alliance, off)).toBe('VIP');

    // The retention review (保级), run by the platform outside any merchant, measures the visit too: VIP is kept.
    const [{ validUntil }] = await systemQuery<{ validUntil: Date }>(platform, 'select valid_until as "validUntil" from member_level where member_id = ?', [memberId]);
    await platform.app.get(LevelReviewScheduler).runForTenants(new Date(new Date(validUntil).getTime() + 60_000), [alliance.tenantId]);
    const review = await systemQuery(platform, 'select reason, to_code as "toCode" from member_level_change where member_id = ? order by occurred_at', [memberId]);
    expect(review).toEqual([
      { reason: 'UPGRADE', toCode: 'VIP' },
      { reason: 'RETAINED', toCode: 'VIP' },
    ]);
  });
});
