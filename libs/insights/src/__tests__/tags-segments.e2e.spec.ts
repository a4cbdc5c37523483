import {
  bootTestPlatform,
  createTenant,
  gqlData,
  gqlError,
  type MerchantFixture,
  posPost,
  settleOutbox,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';

const T0 = new Date('2026-06-01T12:00:00+08:00');
const daysBefore = (days: number) => new Date(T0.getTime() - days * 86_400_000).toISOString();

/** Manual and rule-based tags, and saved segments over RFM facts and tags as campaign audiences. */
describe('tags and saved segments (end to end)', () => {
  let platform: TestPlatform;
  let alliance: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  const members: Record<string, string> = {};
  const tags: Record<string, string> = {};
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const fails = (token: string, query: string, variables?: Record<string, unknown>) => gqlError(platform, token, query, variables);
  const buy = async (merchant: MerchantFixture, name: string, purchases: [days: number, amountFen: number][]) => {
    members[name] = (await posPost(platform, merchant.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    for (const [days, amountFen] of purchases) {
      expect((await posPost(platform, merchant.posKeys[0], '/purchases', { memberId: members[name], orderNo: `T-${++order}`, amountFen, occurredAt: daysBefore(days) })).status).toBe(201);
    }
  };
  const TAG = `mutation($input: CreateTagInput!) { createTag(input: $input) { id kind } }`;
  const TAG_MEMBERS = `mutation($tagId: UUID!, $memberIds: [ID!]!, $tagged: Boolean) { tagMembers(tagId: $tagId, memberIds: $memberIds, tagged: $tagged) }`;
  const SEGMENT = `mutation($input: SaveSegmentInput!) { saveSegment(input: $input) { id members } }`;
  const AUDIENCE = `query($id: UUID!) { segmentMembers(segmentId: $id) { memberId } }`;
  const audience = async (id: string, token = a.adminToken) => ((await call(token, AUDIENCE, { id })).segmentMembers as { memberId: string }[]).map((m) => m.memberId).sort();
  const ids = (...names: string[]) => names.map((n) => members[n]).sort();

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    alliance = await createTenant(platform.app, { merchants: 2 });
    [a, b] = alliance.merchants;
    await buy(a, 'big', [[5, 300_00], [10, 300_00], [20, 300_00]]);
    await buy(a, 'mid', [[40, 200_00], [50, 100_00]]);
    await buy(a, 'once', [[100, 50_00]]);
    await buy(b, 'atB', [[3, 80_00]]);
    await settleOutbox(platform);
    await call(a.adminToken, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: T0.toISOString() });
    tags.vip = (await call(a.adminToken, TAG, { input: { name: 'VIP', minPurchases: 3, minMonetaryFen: 500_00 } })).createTag.id;
    tags.active = (await call(a.adminToken, TAG, { input: { name: '活跃', maxRecencyDays: 40 } })).createTag.id;
    tags.pets = (await call(a.adminToken, TAG, { input: { name: '宠物主人' } })).createTag.id;
  });
  afterAll(() => platform?.close());

  it('tags members by hand and by rule, the rule at its edge', async () => {
    expect(await call(a.adminToken, TAG_MEMBERS, { tagId: tags.pets, memberIds: [members.mid, members.once, members.mid] })).toEqual({ tagMembers: 2 });
    const all = (await call(a.adminToken, `{ memberTags { name kind members } }`)).memberTags;
    expect(all).toEqual([
      { name: 'VIP', kind: 'rule', members: 1 },
      { name: '宠物主人', kind: 'manual', members: 2 },
      { name: '活跃', kind: 'rule', members: 2 }, // big (5 days) and mid (exactly 40 days)
    ]);
    const ofMid = (await call(a.adminToken, `query($m: UUID) { memberTags(memberId: $m) { name } }`, { m: members.mid })).memberTags;
    expect(ofMid.map((t: { name: string }) => t.name).sort()).toEqual(['宠物主人', '活跃']);
  });

  it('saves segments over facts and tags, and lists their members as the audience', async () => {
    const petsActive = (await call(a.adminToken, SEGMENT, { input: { name: '活跃宠物主人', tagIds: [tags.pets, tags.active] } })).saveSegment;
    expect(petsActive.members).toBe(1);
    expect(await audience(petsActive.id)).toEqual(ids('mid'));
    const spenders = (await call(a.adminToken, SEGMENT, { input: { name: '消费300以上', minMonetaryFen: 300_00 } })).saveSegment;
    expect(await audience(spenders.id)).toEqual(ids('big', 'mid'));
    const declining = (await call(a.adminToken, SEGMENT, { input: { name: '衰退期', lifecycles: ['declining'], segments: ['lost'] } })).saveSegment;
    expect(await audience(declining.id)).toEqual(ids('once'));
    // Taking the tag off moves the member out of the audience.
    expect(await call(a.adminToken, TAG_MEMBERS, { tagId: tags.pets, memberIds: [members.mid], tagged: false })).toEqual({ tagMembers: 1 });
    expect(await audience(petsActive.id)).toEqual([]);
    const listed = (await call(a.adminToken, `{ savedSegments { name members } }`)).savedSegments;
    expect(listed).toEqual(
      expect.arrayContaining([
        { name: '活跃宠物主人', members: 0 },
        { name: '消费300以上', members: 2 },
      ]),
    );
  });

  it('keeps tags and segments to their merchant, and refuses what cannot be', async () => {
    expect(await fails(a.adminToken, TAG_MEMBERS, { tagId: tags.vip, memberIds: [members.mid] })).toEqual({ status: 409, code: 'TAG_IS_RULE_BASED' });
    expect(await fails(a.adminToken, TAG_MEMBERS, { tagId: tags.pets, memberIds: ['0193a7e0-0000-7000-8000-00000000beef'] })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    expect(await fails(a.adminToken, TAG, { input: { name: 'VIP' } })).toEqual({ status: 409, code: 'TAG_NAME_TAKEN' });
    expect(await fails(a.adminToken, TAG, { input: { name: '  ' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(a.adminToken, SEGMENT, { input: { name: '消费300以上' } })).toEqual({ status: 409, code: 'SEGMENT_NAME_TAKEN' });
    const bTag = (await call(b.adminToken, TAG, { input: { name: 'B 的标签' } })).createTag.id;
    expect(await fails(a.adminToken, SEGMENT, { input: { name: 'x', tagIds: [bTag] } })).toEqual({ status: 404, code: 'TAG_NOT_FOUND' });
    expect(await fails(b.adminToken, TAG_MEMBERS, { tagId: tags.pets, memberIds: [members.atB] })).toEqual({ status: 404, code: 'TAG_NOT_FOUND' });
    const segment = (await call(a.adminToken, `{ savedSegments { id } }`)).savedSegments[0].id;
    expect(await fails(b.adminToken, AUDIENCE, { id: segment })).toEqual({ status: 404, code: 'SEGMENT_NOT_FOUND' });
    // The operator sees A's segments, and may save the alliance's own over all merchants.
    expect(await audience(segment, alliance.operatorToken!)).toBeDefined();
    await call(alliance.operatorToken!, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: T0.toISOString() });
    const recent = (await call(alliance.operatorToken!, SEGMENT, { input: { name: '近10天', maxRecencyDays: 10 } })).saveSegment;
    expect(await audience(recent.id, alliance.operatorToken!)).toEqual(ids('big', 'atB'));
  });
});
