import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { bootTestPlatform, createTenant, gqlData, gqlError, idemKey, posContext, posPost, settleOutbox, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { MemberDirectory } from '../contracts/member-directory';

/** Correcting a member's name, gender and birthday at the till and in the console (real PostgreSQL). */
describe('Member profile corrections (end to end)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;

  beforeAll(async () => {
    platform = await bootTestPlatform();
    tenant = await createTenant(platform.app, { merchants: 2 });
    key = tenant.merchants[0].posKeys[0];
  });
  afterAll(() => platform.close());

  async function register(body: Record<string, unknown> = {}, posKey = key) {
    const res = await posPost(platform, posKey, '/members', { phone: uniquePhone(), name: '王小明', gender: 'male', birthday: '1988-03-12', ...body });
    expect(res.status).toBe(201);
    return res.body as { id: string; phone: string };
  }

  const profileOf = async (memberId: string) =>
    (
      await systemQuery<{ name: string | null; gender: string; birthday: string | null }>(
        platform,
        `select name, gender, to_char(birthday, 'YYYY-MM-DD') as birthday from member where id = ?`,
        [memberId],
      )
    )[0];

  const profileEvents = (memberId: string) =>
    systemQuery<{ payload: { name: string | null; gender: string; birthday: string | null; merchantId: string; storeId: string | null } }>(
      platform,
      `select payload from outbox_event where type = 'member.profile-updated.v1' and key = ? order by created_at`,
      [memberId],
    );

  it('sets the fields given at the till, keeps the others, publishes the change, and replays the answer for the same key', async () => {
    const member = await register({ externalId: 'PROFILE-1' });
    const idem = idemKey();
    const res = await posPost(platform, key, '/members/profile', { memberId: member.id, name: ' 王晓明 ', birthday: '1988-03-21' }, idem);
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ id: member.id, phone: member.phone, name: '王晓明', gender: 'male', birthday: '1988-03-21', externalId: 'PROFILE-1' });
    expect(await profileOf(member.id)).toEqual({ name: '王晓明', gender: 'male', birthday: '1988-03-21' });
    const events = await profileEvents(member.id);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ name: '王晓明', gender: 'male', birthday: '1988-03-21', merchantId: tenant.merchants[0].merchant.id, storeId: tenant.merchants[0].stores[0].id }),
    ]);

    const replay = await posPost(platform, key, '/members/profile', { memberId: member.id, name: ' 王晓明 ', birthday: '1988-03-21' }, idem);
    expect([replay.status, replay.body]).toEqual([200, res.body]);
    const other = await posPost(platform, key, '/members/profile', { memberId: member.id, name: '王大明' }, idem);
    expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    const keyless = await platform.http.post('/api/pos/v1/members/profile').set('X-Api-Key', key).send({ memberId: member.id, name: '王大明' });
    expect([keyless.status, keyless.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
    expect((await profileOf(member.id)).name).toBe('王晓明');
  });

  it('lets another merchant’s till of the alliance correct the shared member, the change its own', async () => {
    const member = await register();
    const other = tenant.merchants[1];
    const res = await posPost(platform, other.posKeys[0], '/members/profile', { memberId: member.id, gender: 'female' });
    expect([res.status, res.body.gender, res.body.name]).toEqual([200, 'female', '王小明']);
    expect((await profileEvents(member.id)).map((e) => [e.payload.merchantId, e.payload.storeId])).toEqual([[other.merchant.id, other.stores[0].id]]);
  });

  it('clears a name or a birthday given as null, in notifications’ contacts and insights’ registrations too, and publishes nothing when nothing changes', async () => {
    const member = await register();
    const followers = () =>
      systemQuery(
        platform,
        `select c.name, to_char(c.birthday, 'YYYY-MM-DD') as birthday, g.gender, to_char(g.birthday, 'YYYY-MM-DD') as registered_birthday
         from notifications.member_contact c join insights.member_registration g on g.member_id = c.member_id where c.member_id = ?`,
        [member.id],
      );
    await settleOutbox(platform);
    expect(await followers()).toEqual([{ name: '王小明', birthday: '1988-03-12', gender: 'male', registered_birthday: '1988-03-12' }]);
    const cleared = await posPost(platform, key, '/members/profile', { memberId: member.id, name: null, birthday: null, gender: 'unknown' });
    expect(cleared.status).toBe(200);
    expect(await profileOf(member.id)).toEqual({ name: null, gender: 'unknown', birthday: null });
    await settleOutbox(platform);
    expect(await followers()).toEqual([{ name: null, birthday: null, gender: 'unknown', registered_birthday: null }]);
    const again = await posPost(platform, key, '/members/profile', { memberId: member.id, birthday: null });
    expect(again.status).toBe(200);
    expect((await profileEvents(member.id)).map((e) => e.payload)).toEqual([expect.objectContaining({ name: null, gender: 'unknown', birthday: null })]);
  });

  it('keeps a field a correction cleared from a later import, which still fills the others', async () => {
    const member = await register({ externalId: 'PROFILE-IMPORTED', birthday: undefined, gender: undefined });
    expect((await posPost(platform, key, '/members/profile', { memberId: member.id, birthday: null })).status).toBe(200);
    const ctx = posContext(tenant.merchants[0]);
    const customer = { externalId: 'PROFILE-IMPORTED', firstSeenAt: new Date('2025-06-01T00:00:00Z'), name: '王小明', gender: 'male' as const, birthday: '1988-03-12' };
    const directory = platform.app.get(MemberDirectory);
    await platform.app.get(Db).inTenant(ctx, (tx) => directory.ensureByExternalIds(tx, ctx, [customer]));
    expect(await profileOf(member.id)).toEqual({ name: '王小明', gender: 'male', birthday: null });
    // Given again by a correction, it is the member's own once more: an import keeps it as it keeps any.
    expect((await posPost(platform, key, '/members/profile', { memberId: member.id, birthday: '1988-03-21', gender: 'unknown' })).status).toBe(200);
    await platform.app.get(Db).inTenant(ctx, (tx) => directory.ensureByExternalIds(tx, ctx, [customer]));
    expect(await profileOf(member.id)).toEqual({ name: '王小明', gender: 'unknown', birthday: '1988-03-21' });
    // A correction of another field leaves what was cleared as it is; a name is no gender, whatever it reads.
    expect((await posPost(platform, key, '/members/profile', { memberId: member.id, name: 'unknown' })).status).toBe(200);
    const [{ cleared }] = await systemQuery<{ cleared: string[] }>(platform, 'select cleared_profile_fields as cleared from member where id = ?', [member.id]);
    expect(cleared).toEqual(['gender']);
  });

  it('keeps a field a correction cleared from the profile a till gives with the phone of a member brought over without one', async () => {
    const ctx = posContext(tenant.merchants[0]);
    const directory = platform.app.get(MemberDirectory);
    const { ids } = await platform.app
      .get(Db)
      .inTenant(ctx, (tx) => directory.ensureByExternalIds(tx, ctx, [{ externalId: 'PROFILE-TILL', firstSeenAt: new Date('2025-06-01T00:00:00Z'), name: '赵六' }]));
    const memberId = ids.get('PROFILE-TILL')!;
    expect((await posPost(platform, key, '/members/profile', { memberId, birthday: null })).status).toBe(200);
    const phone = uniquePhone();
    const res = await posPost(platform, key, '/members', { phone, externalId: 'PROFILE-TILL', gender: 'female', birthday: '1990-01-02' });
    expect([res.status, res.body.id, res.body.phone]).toEqual([200, memberId, phone]);
    expect(await profileOf(memberId)).toEqual({ name: '赵六', gender: 'female', birthday: null });
  });

  it('refuses bad input with its code and a 4xx, the member left as it was', async () => {
    const member = await register();
    const cases: [Record<string, unknown>, number, string][] = [
      [{ memberId: member.id }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, birthday: '2999-01-01' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, birthday: '1899-12-31' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, birthday: '1990-02-30' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, gender: 'x' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, name: '   ' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, name: '王\u0000明' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: member.id, name: '名'.repeat(101) }, 400, 'VALIDATION_FAILED'],
      [{ memberId: 'not-a-uuid', name: '李四' }, 400, 'VALIDATION_FAILED'],
      [{ name: '李四' }, 400, 'VALIDATION_FAILED'],
      [{ memberId: '00000000-0000-4000-8000-000000000000', name: '李四' }, 404, 'MEMBER_NOT_FOUND'],
    ];
    for (const [body, status, code] of cases) {
      const res = await posPost(platform, key, '/members/profile', body);
      expect([body, res.status, res.body.code]).toEqual([body, status, code]);
    }
    // A member of another tenant is no member here.
    const stranger = await createTenant(platform.app, { alliance: false });
    const theirs = await register({}, stranger.merchants[0].posKeys[0]);
    const res = await posPost(platform, key, '/members/profile', { memberId: theirs.id, name: '李四' });
    expect([res.status, res.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
    expect(await profileOf(theirs.id)).toEqual({ name: '王小明', gender: 'male', birthday: '1988-03-12' });
    expect(await profileOf(member.id)).toEqual({ name: '王小明', gender: 'male', birthday: '1988-03-12' });
    expect(await profileEvents(member.id)).toEqual([]);
  });

  it('lets the merchant’s admin and the clerk of the member’s store correct it in the console; the alliance’s operator may not', async () => {
    const member = await register();
    const mutation = `mutation($input: UpdateMemberProfileInput!) { updateMemberProfile(input: $input) { id name gender birthday } }`;
    const byAdmin = await gqlData(platform, tenant.merchants[0].adminToken, mutation, { input: { memberId: member.id, gender: 'female', birthday: null } });
    expect(byAdmin.updateMemberProfile).toEqual({ id: member.id, name: '王小明', gender: 'female', birthday: null });
    const byClerk = await gqlData(platform, tenant.merchants[0].clerkToken, mutation, { input: { memberId: member.id, name: '王小红' } });
    expect(byClerk.updateMemberProfile).toEqual({ id: member.id, name: '王小红', gender: 'female', birthday: null });
    // The other merchant's clerk sees only members registered at their store.
    const otherClerk = await gqlError(platform, tenant.merchants[1].clerkToken, mutation, { input: { memberId: member.id, name: '李四' } });
    expect(otherClerk).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    const byOperator = await gqlError(platform, tenant.operatorToken, mutation, { input: { memberId: member.id, name: '李四' } });
    expect(byOperator).toEqual({ status: 403, code: 'FORBIDDEN' });
    const bad = await gqlError(platform, tenant.merchants[0].adminToken, mutation, { input: { memberId: member.id, gender: 'x' } });
    expect(bad).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await profileOf(member.id)).toEqual({ name: '王小红', gender: 'female', birthday: null });
  });

  it('keeps both of two corrections made at once, each of other fields', async () => {
    const member = await register();
    const ctx: RequestContext = posContext(tenant.merchants[0]);
    const db = platform.app.get(Db);
    const directory = platform.app.get(MemberDirectory);
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let written!: (pid: number) => void;
    const wrote = new Promise<number>((resolve) => (written = resolve));
    const first = db.inTenant(ctx, async (tx) => {
      await directory.updateProfile(tx, ctx, member.id, { name: '王晓明' });
      const [{ pid }] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
      written(pid);
      await committing;
    });
    const pid = await wrote;
    const second = db.inTenant(ctx, (tx) => directory.updateProfile(tx, ctx, member.id, { birthday: '1988-03-21' }));
    try {
      // The second waits on the first's row (on its lock; without one, on its update) before the first commits.
      for (const end = Date.now() + 10_000; ; await new Promise((resolve) => setTimeout(resolve, 20))) {
        const [row] = await systemQuery<{ n: string }>(platform, 'select count(*) as n from pg_stat_activity where ? = any(pg_blocking_pids(pid))', [pid]);
        if (Number(row.n) > 0) break;
        if (Date.now() > end) throw new Error('the second correction never waited on the first');
      }
    } finally {
      commit();
      await first;
    }
    expect(await second).toBe(true);
    expect(await profileOf(member.id)).toEqual({ name: '王晓明', gender: 'male', birthday: '1988-03-21' });
  });
});
