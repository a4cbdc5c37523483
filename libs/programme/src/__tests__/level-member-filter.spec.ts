import { gqlData, gqlError, posPost, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, configureExampleLevels, type ProgrammeBed } from './programme-fixtures';

/** The member list filtered by level under the scheme that applies to the caller. */
describe('member list by level', () => {
  let bed: ProgrammeBed;
  const members: Record<string, string> = {};
  const MEMBERS = `query($filter: MemberFilter) { members(filter: $filter, limit: 200) { total items { id } } }`;
  const listed = async (token: string, filter: Record<string, unknown>) => {
    const { members: page } = await gqlData(bed.platform, token, MEMBERS, { filter });
    return { total: page.total as number, ids: (page.items as { id: string }[]).map((m) => m.id).sort() };
  };

  beforeAll(async () => {
    bed = await bootProgrammeBed(2);
    await configureExampleLevels(bed.platform, bed.admin, bed.merchantId);
    // 银卡 from a single purchase of ¥200, 金卡 from ¥2,000 in all; the third stays 普通.
    for (const [name, amounts] of [
      ['regular', [50_00]],
      ['silver', [250_00]],
      ['gold', [1500_00, 600_00]],
    ] as const) {
      members[name] = (await posPost(bed.platform, bed.key, '/members', { phone: uniquePhone() })).body.id;
      for (const [i, amountFen] of amounts.entries()) {
        expect((await posPost(bed.platform, bed.key, '/purchases', { memberId: members[name], orderNo: `L-${name}-${i}`, amountFen })).status).toBe(201);
      }
    }
  });
  afterAll(() => bed?.platform.close());

  it('finds members at each level, the entry level including those never raised', async () => {
    expect(await listed(bed.admin, { levelCode: 'GOLD' })).toEqual({ total: 1, ids: [members.gold] });
    expect(await listed(bed.admin, { levelCode: 'SILVER' })).toEqual({ total: 1, ids: [members.silver] });
    expect(await listed(bed.admin, { levelCode: 'REGULAR' })).toEqual({ total: 1, ids: [members.regular] });
    expect(await listed(bed.admin, { levelCode: 'DIAMOND' })).toEqual({ total: 0, ids: [] });
    // The clerk of the store they registered at finds them by level too.
    expect(await listed(bed.tenant.merchants[0].clerkToken, { levelCode: 'GOLD' })).toEqual({ total: 1, ids: [members.gold] });
  });

  it('refuses a level the scheme lacks, and a level where no scheme applies', async () => {
    expect(await gqlError(bed.platform, bed.admin, MEMBERS, { filter: { levelCode: 'PLATINUM' } })).toEqual({ status: 422, code: 'LEVEL_NOT_FOUND' });
    const other = bed.tenant.merchants[1].adminToken;
    expect(await gqlError(bed.platform, other, MEMBERS, { filter: { levelCode: 'GOLD' } })).toEqual({ status: 404, code: 'LEVEL_SCHEME_NOT_FOUND' });
  });
});
