import { Db } from '@loyalty/database';
import { EXAMPLE_LEVEL_SCHEME } from '@loyalty/programme';
import { localDateOf } from '@loyalty/shared';
import { RfmEngine } from '../application/rfm-engine';
import { bootTestPlatform, createTenant, gqlData, gqlError, type MerchantFixture, posPost, settleOutbox, type TestPlatform, uniquePhone } from '@loyalty/testing';

const DAY = 86_400_000;

/**
 * Who members are, not only what they bought: saved segments over the profile given at
 * registration and the level the programme announced, tags by points held, and members who
 * registered but never bought, who are new from their registration and registered after.
 */
describe('profile, level and points segments; members who never bought (end to end)', () => {
  let platform: TestPlatform;
  let shop: MerchantFixture;
  const members: Record<string, string> = {};
  let order = 0;

  const call = (query: string, variables?: Record<string, unknown>) => gqlData(platform, shop.adminToken, query, variables);
  const SEGMENT = `mutation($input: SaveSegmentInput!) { saveSegment(input: $input) { id members genders birthMonths registeredFrom registeredTo levelCodes } }`;
  const audience = async (input: Record<string, unknown>) => {
    const { id } = (await call(SEGMENT, { input: { name: `segment-${++order}`, ...input } })).saveSegment;
    return ((await call(`query($id: UUID!) { segmentMembers(segmentId: $id) { memberId } }`, { id })).segmentMembers as { memberId: string }[]).map((m) => m.memberId).sort();
  };
  const ids = (...names: string[]) => names.map((n) => members[n]).sort();
  const rfmOf = async (name: string) =>
    (await call(`query($m: UUID!) { memberRfm(memberId: $m) { lifecycle segment group r recencyDays purchasesTotal firstPurchaseAt } }`, { m: members[name] })).memberRfm;

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    [shop] = (await createTenant(platform.app, { alliance: false })).merchants;
    await call(`mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }`, {
      i: { ...EXAMPLE_LEVEL_SCHEME, merchantId: shop.merchant.id, levels: EXAMPLE_LEVEL_SCHEME.levels.map((l) => ({ ...l, conditions: l.conditions.map((all) => ({ all })) })) },
    });
    const people: [string, Record<string, string>, number | null][] = [
      ['march', { gender: 'female', birthday: '1990-03-15' }, 300_00],
      ['may', { gender: 'female', birthday: '1991-05-01' }, 299_00],
      ['marchMan', { gender: 'male', birthday: '1992-03-20' }, 100_00],
      ['browser', { name: '只看不买' }, null],
    ];
    for (const [name, profile, amountFen] of people) {
      members[name] = (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone(), ...profile })).body.id;
      if (amountFen) expect((await posPost(platform, shop.posKeys[0], '/purchases', { memberId: members[name], orderNo: `P-${++order}`, amountFen })).status).toBe(201);
    }
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('gives a member who registered but never bought a stage and a segment: new from the registration, registered after', async () => {
    expect(await rfmOf('browser')).toEqual({ lifecycle: 'new', segment: 'new', group: null, r: null, recencyDays: null, purchasesTotal: 0, firstPurchaseAt: null });
    expect(await audience({ lifecycles: ['new'] })).toEqual(ids('march', 'may', 'marchMan', 'browser'));
    // A month on (as of then): still not a buyer, no longer new.
    await call(`mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: new Date(Date.now() + 31 * DAY).toISOString() });
    expect(await rfmOf('browser')).toMatchObject({ lifecycle: 'registered', segment: 'registered' });
    expect(await rfmOf('march')).toMatchObject({ lifecycle: 'growing', group: expect.any(String) });
    const overview = (await call(`{ rfmOverview { members lifecycle { key members } segments { key members } } abcPyramid { members } }`)) as {
      rfmOverview: { members: number; lifecycle: { key: string; members: number }[]; segments: { key: string; members: number }[] };
      abcPyramid: { members: number }[];
    };
    // The RFM population and the ABC pyramid are the buyers; stages and segments count everyone.
    expect(overview.rfmOverview.members).toBe(3);
    expect(overview.rfmOverview.lifecycle.find((l) => l.key === 'registered')!.members).toBe(1);
    expect(overview.rfmOverview.segments.find((l) => l.key === 'registered')!.members).toBe(1);
    expect(overview.abcPyramid.reduce((sum, t) => sum + t.members, 0)).toBe(3);
    expect(await audience({ segments: ['registered'] })).toEqual(ids('browser'));
  });

  it('tags members by the points they hold, at the edge, and drops the tag when they spend below it', async () => {
    const TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { id kind minPoints } }`;
    const tag = (await call(TAG, { input: { name: '积分达人', minPoints: 300 } })).createTag;
    expect(tag).toMatchObject({ kind: 'rule', minPoints: 300 });
    const carriers = async () => ((await call(`{ memberTags { name members } }`)).memberTags as { name: string; members: number }[]).find((t) => t.name === '积分达人')!.members;
    expect(await carriers()).toBe(1); // march holds 300, may 299
    expect(await audience({ tagIds: [tag.id] })).toEqual(ids('march'));
    expect((await posPost(platform, shop.posKeys[0], '/redemptions', { memberId: members.march, points: 1, orderNo: `R-${++order}` })).status).toBe(201);
    await settleOutbox(platform);
    expect(await carriers()).toBe(0);
    expect(await gqlError(platform, shop.adminToken, TAG, { input: { name: '零积分', minPoints: 0 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('filters saved segments by gender, birth month, registration date and level', async () => {
    const today = localDateOf(new Date(), 'Asia/Shanghai');
    const yesterday = localDateOf(new Date(Date.now() - DAY), 'Asia/Shanghai');
    expect(await audience({ genders: ['female'] })).toEqual(ids('march', 'may'));
    expect(await audience({ birthMonths: [3] })).toEqual(ids('march', 'marchMan'));
    expect(await audience({ genders: ['female'], birthMonths: [3, 12] })).toEqual(ids('march'));
    expect(await audience({ genders: ['unknown'] })).toEqual(ids('browser'));
    expect(await audience({ registeredFrom: today, registeredTo: today })).toEqual(ids('march', 'may', 'marchMan', 'browser'));
    expect(await audience({ registeredTo: yesterday })).toEqual([]);
    // 200.00 in one purchase reaches 银卡 (SILVER); 100.00 does not.
    expect(await audience({ levelCodes: ['SILVER', 'GOLD'] })).toEqual(ids('march', 'may'));
    expect(await audience({ levelCodes: ['SILVER'], genders: ['female'], birthMonths: [5] })).toEqual(ids('may'));
    const saved = (await call(SEGMENT, { input: { name: '三月女寿星', genders: ['female'], birthMonths: [3], registeredFrom: yesterday, levelCodes: ['SILVER'] } })).saveSegment;
    expect(saved).toMatchObject({ members: 1, genders: ['female'], birthMonths: [3], registeredFrom: yesterday, registeredTo: null, levelCodes: ['SILVER'] });
  });

  it('keeps a buyer scored when their registration is handled after their purchases', async () => {
    // An import's relay passes can deliver a member's registration after their first purchases.
    const scope = { scopeId: shop.merchant.id, tenantId: shop.merchant.tenantId, kind: 'merchant' as const };
    const buyer = await rfmOf('march');
    expect(buyer.purchasesTotal).toBe(1);
    await platform.app.get(Db).asSystem((tx) => platform.app.get(RfmEngine).refreshProspects(tx, scope, [members.march, members.browser]));
    expect(await rfmOf('march')).toEqual(buyer);
    expect(await rfmOf('browser')).toMatchObject({ lifecycle: 'new', segment: 'new', purchasesTotal: 0, group: null });
  });

  it('refuses bad profile filters', async () => {
    const bad = (input: Record<string, unknown>) => gqlError(platform, shop.adminToken, SEGMENT, { input: { name: `bad-${++order}`, ...input } });
    expect(await bad({ birthMonths: [13] })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await bad({ registeredFrom: '2026-03-02', registeredTo: '2026-03-01' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await bad({ registeredFrom: '2026-02-30' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
