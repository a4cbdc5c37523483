import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  enablePlugin,
  gqlData,
  gqlError,
  pluginPosPost,
  posPost,
  settleOutbox,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const FIXTURE = join(__dirname, 'fixtures', 'test-measures.plugin.ts');
const CREATE_TAG = 'mutation($input: CreateTagInput!) { createTag(input: $input) { id kind fact { name min max windowDays } factsRefreshedAt } }';
const DAY_MS = 86_400_000;

/**
 * Rule-based tags on a plugin's fact (its measure, `test-measures.visits`), on the booted platform
 * with real PostgreSQL: exactly the members at or over the edge (or under a maximum) carry the tag,
 * within a window or ever; the values are counted when tags are refreshed; a merchant without the
 * plugin counts nothing; an unknown fact is refused with a code and nothing is created.
 */
describe('tags by plugin facts', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];
  const members: Record<'a' | 'b' | 'c' | 'd', { phone: string; id: string }> = {} as never;
  let order = 0;

  const visit = (phone: string, daysAgo = 0) =>
    pluginPosPost(platform, tenant.merchants[on].posKeys[0], 'test-measures', 'visits', {
      phone,
      orderNo: `V-${++order}`,
      amountFen: 1_000,
      occurredAt: new Date(Date.now() - daysAgo * DAY_MS).toISOString(),
    });
  const createTag = (merchant: number, name: string, fact: Record<string, unknown>) => gqlData(platform, tenant.merchants[merchant].adminToken, CREATE_TAG, { input: { name, fact } });
  /** The tags of the merchant the member carries, by name. */
  const tagsOf = async (memberId: string, merchant = on) =>
    (await gqlData(platform, tenant.merchants[merchant].adminToken, 'query($m: UUID) { memberTags(memberId: $m) { name } }', { m: memberId })).memberTags
      .map((t: { name: string }) => t.name)
      .sort();
  const carriers = async (tag: string) => {
    const carrying = [];
    for (const [key, member] of Object.entries(members)) if ((await tagsOf(member.id)).includes(tag)) carrying.push(key);
    return carrying;
  };

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([FIXTURE]);
    tenant = await createTenant(platform.app, { merchants: 2 });
    await enablePlugin(platform, tenant.merchants[on].adminToken, 'test-measures');
    for (const [key, merchant] of [['a', on], ['b', on], ['c', on], ['d', off]] as const) {
      const phone = uniquePhone();
      members[key] = { phone, id: (await posPost(platform, tenant.merchants[merchant].posKeys[0], '/members', { phone })).body.id };
    }
    // Visits: a 3, b 2, c 1 (and one 400 days ago), d 1; d also bought at the other merchant, which has the plugin off.
    for (const [key, count] of [['a', 3], ['b', 2], ['c', 1], ['d', 1]] as const) for (let i = 0; i < count; i++) expect((await visit(members[key].phone)).status).toBe(201);
    expect((await visit(members.c.phone, 400)).status).toBe(201);
    expect((await posPost(platform, tenant.merchants[off].posKeys[0], '/purchases', { phone: members.d.phone, orderNo: 'OFF-1', amountFen: 5_000 })).status).toBe(201);
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('tags exactly the members at or over the edge, within the window or ever, or under a maximum', async () => {
    const regulars = await createTag(on, '常客', { name: 'test-measures.visits', min: 2, windowDays: 365 });
    expect(regulars.createTag).toMatchObject({ kind: 'rule', fact: { name: 'test-measures.visits', min: 2, max: null, windowDays: 365 }, factsRefreshedAt: expect.any(String) });
    await createTag(on, '老客', { name: 'test-measures.visits', min: 2 });
    await createTag(on, '稀客', { name: 'test-measures.visits', max: 1, windowDays: 365 });

    expect(await carriers('常客')).toEqual(['a', 'b']);
    expect(await carriers('老客')).toEqual(['a', 'b', 'c']);
    expect(await carriers('稀客')).toEqual(['c', 'd']);
    const { memberTags } = await gqlData(platform, tenant.merchants[on].adminToken, '{ memberTags { name members } }');
    expect(memberTags).toEqual(
      expect.arrayContaining([
        { name: '常客', members: 2 },
        { name: '老客', members: 3 },
        { name: '稀客', members: 2 },
      ]),
    );
  });

  it('counts nothing at a merchant that has the plugin off', async () => {
    await createTag(off, '到店', { name: 'test-measures.visits', min: 1 });
    expect(await tagsOf(members.d.id, off)).toEqual([]);
    const { memberTags } = await gqlData(platform, tenant.merchants[off].adminToken, '{ memberTags { name members } }');
    expect(memberTags).toEqual([{ name: '到店', members: 0 }]);
  });

  it('counts the facts again when the tags are refreshed', async () => {
    expect((await visit(members.d.phone)).status).toBe(201);
    await settleOutbox(platform);
    expect(await carriers('常客')).toEqual(['a', 'b']); // as last counted
    await gqlData(platform, tenant.merchants[on].adminToken, 'mutation { refreshRfm { scopeId } }');
    expect(await carriers('常客')).toEqual(['a', 'b', 'd']);
    expect(await carriers('稀客')).toEqual(['c']);
  });

  it('refuses a fact no loaded plugin provides, and a condition without bounds, creating nothing', async () => {
    const admin = tenant.merchants[on].adminToken;
    for (const name of ['test-measures.stays', 'hotel.nights']) {
      expect(await gqlError(platform, admin, CREATE_TAG, { input: { name: `x-${name}`, fact: { name, min: 1 } } })).toEqual({ status: 422, code: 'TAG_FACT_UNKNOWN' });
    }
    for (const fact of [{ name: 'test-measures.visits' }, { name: 'test-measures.visits', min: 3, max: 2 }, { name: 'visits', min: 1 }]) {
      expect(await gqlError(platform, admin, CREATE_TAG, { input: { name: 'x-bad', fact } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    }
    const { memberTags } = await gqlData(platform, admin, '{ memberTags { name } }');
    expect(memberTags.map((t: { name: string }) => t.name).sort()).toEqual(['常客', '稀客', '老客']);
  });
});
