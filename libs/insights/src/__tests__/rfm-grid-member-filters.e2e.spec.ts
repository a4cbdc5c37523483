import { bootTestPlatform, createTenant, gqlData, gqlError, type MerchantFixture, posPost, settleOutbox, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';

const T0 = new Date('2026-06-01T12:00:00+08:00');
const daysBefore = (days: number) => new Date(T0.getTime() - days * 86_400_000).toISOString();

/** The RFM heat map (members per R × F score) and the member list filtered by tag and RFM group. */
describe('RFM grid and member filters by tag and RFM group (end to end)', () => {
  let platform: TestPlatform;
  let alliance: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  const members: Record<string, string> = {};
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const MEMBERS = `query($filter: MemberFilter) { members(filter: $filter, limit: 200) { total items { id } } }`;
  const listed = async (token: string, filter: Record<string, unknown>) => {
    const { members: page } = await call(token, MEMBERS, { filter });
    return { total: page.total as number, ids: (page.items as { id: string }[]).map((m) => m.id).sort() };
  };

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    alliance = await createTenant(platform.app, { merchants: 2 });
    [a, b] = alliance.merchants;
    // Seven customers of A with different recency and frequency, one of B.
    const histories: [string, MerchantFixture, number[]][] = [
      ['loyal', a, [2, 9, 16, 23, 30]],
      ['regular', a, [5, 40, 80]],
      ['recent', a, [1]],
      ['lapsing', a, [120, 150]],
      ['gone', a, [300]],
      ['twice', a, [60, 61]],
      ['month', a, [30]],
      ['atB', b, [3]],
    ];
    for (const [name, merchant, days] of histories) {
      members[name] = (await posPost(platform, merchant.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
      for (const d of days) {
        const res = await posPost(platform, merchant.posKeys[0], '/purchases', { memberId: members[name], orderNo: `G-${++order}`, amountFen: 100_00 + d, occurredAt: daysBefore(d) });
        expect(res.status).toBe(201);
      }
    }
    await settleOutbox(platform);
    await call(a.adminToken, `mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: T0.toISOString() });
  });
  afterAll(() => platform?.close());

  it('counts members in each of the 25 recency × frequency cells, as each member is scored', async () => {
    const { rfmGrid } = await call(a.adminToken, `{ rfmGrid { r f members monetaryFen } }`);
    expect(rfmGrid).toHaveLength(25);
    expect(rfmGrid.slice(0, 5).map((c: { r: number; f: number }) => [c.r, c.f])).toEqual([[5, 1], [5, 2], [5, 3], [5, 4], [5, 5]]);
    const { rfmMembers } = await call(a.adminToken, `{ rfmMembers(limit: 200) { memberId r f monetaryFen } }`);
    expect(rfmMembers).toHaveLength(7);
    const expected = new Map<string, { members: number; monetaryFen: number }>();
    for (const m of rfmMembers as { r: number; f: number; monetaryFen: number }[]) {
      const cell = expected.get(`${m.r}:${m.f}`) ?? { members: 0, monetaryFen: 0 };
      expected.set(`${m.r}:${m.f}`, { members: cell.members + 1, monetaryFen: cell.monetaryFen + m.monetaryFen });
    }
    for (const cell of rfmGrid as { r: number; f: number; members: number; monetaryFen: number }[]) {
      expect({ members: cell.members, monetaryFen: cell.monetaryFen }).toEqual(expected.get(`${cell.r}:${cell.f}`) ?? { members: 0, monetaryFen: 0 });
    }
    // The most frequent, most recent customer sits in the top-right cell.
    const loyal = (rfmMembers as { memberId: string; r: number; f: number }[]).find((m) => m.memberId === members.loyal)!;
    expect([loyal.r, loyal.f]).toEqual([5, 5]);
  });

  it('keeps the grid to the scope the caller may see', async () => {
    expect(await gqlError(platform, b.adminToken, `query($m: UUID) { rfmGrid(merchantId: $m) { members } }`, { m: a.merchant.id })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await gqlError(platform, a.clerkToken, `{ rfmGrid { members } }`)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const { rfmGrid } = await call(b.adminToken, `{ rfmGrid { members } }`);
    // B's grid holds B's one customer, none of A's seven.
    expect((rfmGrid as { members: number }[]).reduce((sum, c) => sum + c.members, 0)).toBe(1);
  });

  it('lists the members carrying a tag, by hand or by rule, with the other filters and a total', async () => {
    const manual = (await call(a.adminToken, `mutation { createTag(input: { name: "常客" }) { id } }`)).createTag.id;
    await call(a.adminToken, `mutation($t: UUID!, $ids: [ID!]!) { tagMembers(tagId: $t, memberIds: $ids) }`, { t: manual, ids: [members.loyal, members.gone] });
    expect(await listed(a.adminToken, { tagId: manual })).toEqual({ total: 2, ids: [members.loyal, members.gone].sort() });
    const rule = (await call(a.adminToken, `mutation { createTag(input: { name: "三次以上", minPurchases: 3 }) { id } }`)).createTag.id;
    expect(await listed(a.adminToken, { tagId: rule })).toEqual({ total: 2, ids: [members.loyal, members.regular].sort() });
    // Combined with a tag and the phone of one of them: that one.
    const { member } = await call(a.adminToken, `query($id: UUID!) { member(id: $id) { member { phone } } }`, { id: members.regular });
    expect(await listed(a.adminToken, { tagId: rule, phone: member.member.phone })).toEqual({ total: 1, ids: [members.regular] });
    // Another merchant's staff cannot see the tag.
    expect(await gqlError(platform, b.adminToken, MEMBERS, { filter: { tagId: manual } })).toEqual({ status: 404, code: 'TAG_NOT_FOUND' });
  });

  it('lists the members of an RFM group as insights groups them, and refuses a group it does not know', async () => {
    const { rfmMembers } = await call(a.adminToken, `{ rfmMembers(limit: 200) { memberId group } }`);
    const groups = new Set((rfmMembers as { group: string }[]).map((m) => m.group));
    expect(groups.size).toBeGreaterThan(1);
    for (const group of groups) {
      const expected = (rfmMembers as { memberId: string; group: string }[]).filter((m) => m.group === group).map((m) => m.memberId).sort();
      expect(await listed(a.adminToken, { rfmGroup: group })).toEqual({ total: expected.length, ids: expected });
    }
    expect(await gqlError(platform, a.adminToken, MEMBERS, { filter: { rfmGroup: 'VIP' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, a.clerkToken, MEMBERS, { filter: { rfmGroup: 'LOST' } })).toEqual({ status: 403, code: 'FORBIDDEN' });
  });
});
