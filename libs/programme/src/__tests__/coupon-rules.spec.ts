import { addMonthsInZone, localDateOf } from '@loyalty/shared';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { drainOutbox, gql, idemKey, posContext, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { CouponRuleScheduler } from '../application/coupon-rule.scheduler';
import { bootProgrammeBed, configureExampleLevels, ok } from './programme-fixtures';

describe('coupons issued by rule (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;

  async function template(name: string, extra: Record<string, unknown> = {}) {
    const data = ok(
      await gql(platform, admin, `mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, {
        i: { merchantId, name, kind: 'FIXED', amountOffFen: 5_00, validDays: 30, ...extra },
      }),
    );
    return (data.createCouponTemplate as { id: string }).id;
  }
  async function rule(trigger: string, templateId: string | undefined, extra: Record<string, unknown> = {}) {
    return gql(platform, admin, `mutation($i: CouponRuleInput!) { createCouponRule(input: $i) { id } }`, { i: { merchantId, trigger, templateId, ...extra } });
  }
  const couponsOf = (memberId: string) =>
    systemQuery<{ template_id: string; issue_reason: string; rule_key: string }>(platform, 'select template_id, issue_reason, rule_key from coupon where member_id = ? order by issued_at', [memberId]);

  let gift: string;
  let silverGift: string;
  let birthday: string;
  let comeBack: string;

  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(1));
    await configureExampleLevels(platform, admin, merchantId, [{ behaviour: 'REGISTRATION', amount: 20 }]);
    gift = await template('新人券', { totalLimit: 2 });
    silverGift = await template('银卡礼');
    birthday = await template('生日券');
    comeBack = await template('回来吧');
    for (const res of [
      await rule('NEW_MEMBER', gift),
      await rule('LEVEL_REACHED', silverGift, { levelCode: 'SILVER' }),
      await rule('BIRTHDAY', birthday),
      await rule('REACTIVATION', comeBack, { inactiveDays: 90 }),
    ]) {
      ok(res);
    }
  });
  afterAll(() => platform.close());

  it('gives a registering member the gift pack and the registration’s growth value, once, within the template’s limit', async () => {
    const members: string[] = [];
    for (let i = 0; i < 3; i++) members.push((await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id);
    await drainOutbox(platform);
    await drainOutbox(platform);
    // The template allows two; which two depends on the order relays deliver the events in.
    const given = await Promise.all(members.map(couponsOf));
    expect(given.map((c) => c.length).sort()).toEqual([0, 1, 1]);
    for (const coupon of given.flat()) {
      expect(coupon).toMatchObject({ template_id: gift, rule_key: 'registration' });
      expect(coupon.issue_reason).toContain('新人大礼包');
    }
    for (const member of members) expect((await posGet(platform, key, `/members/${member}/level`)).body.growth).toBe(20);
  });

  it('gives members brought over from an old system no registration growth, with a phone or when they give one at the till', async () => {
    const ctx = posContext(tenant.merchants[0]);
    const [withPhone, without] = [uniquePhone(), `OLD-${idemKey()}`];
    const { ids } = await platform.app.get(Db).inTenant(ctx, (tx) =>
      platform.app.get(MemberDirectory).ensureByExternalIds(tx, ctx, [
        { externalId: `OLD-${withPhone}`, firstSeenAt: new Date('2025-01-01T00:00:00Z'), phone: withPhone },
        { externalId: without, firstSeenAt: new Date('2025-01-01T00:00:00Z') },
      ]),
    );
    const given = await posPost(platform, key, '/members', { phone: uniquePhone(), externalId: without });
    expect([given.status, given.body.id]).toEqual([200, ids.get(without)]);
    const registered = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    await drainOutbox(platform);
    await drainOutbox(platform);
    const growth = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}/level`)).body.growth;
    expect([await growth(ids.get(`OLD-${withPhone}`)!), await growth(ids.get(without)!), await growth(registered)]).toEqual([0, 0, 20]);
  });

  it('gives the level’s gift when a member reaches it, once', async () => {
    const member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    await drainOutbox(platform);
    const before = (await couponsOf(member)).length;
    expect((await posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 200_00 })).status).toBe(201);
    expect((await posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 200_00 })).status).toBe(201);
    const after = await couponsOf(member);
    expect(after.slice(before)).toEqual([expect.objectContaining({ template_id: silverGift, rule_key: 'SILVER' })]);
  });

  it('gives birthday coupons on the day, once a year, and reactivation coupons after 90 days away', async () => {
    const today = localDateOf(new Date(), 'Asia/Shanghai');
    const born = await posPost(platform, key, '/members', { phone: uniquePhone(), birthday: `1990-${today.slice(5)}` });
    const notToday = await posPost(platform, key, '/members', { phone: uniquePhone(), birthday: today.slice(5) === '01-01' ? '1990-06-15' : '1990-01-01' });
    const away = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    const recent = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    await posPost(platform, key, '/purchases', { memberId: away, orderNo: idemKey(), amountFen: 10_00, occurredAt: new Date(Date.now() - 91 * 86_400_000).toISOString() });
    await posPost(platform, key, '/purchases', { memberId: recent, orderNo: idemKey(), amountFen: 10_00, occurredAt: new Date(Date.now() - 89 * 86_400_000).toISOString() });
    const scheduler = platform.app.get(CouponRuleScheduler);
    await scheduler.runForTenants(new Date(), [tenant.tenantId]);
    const byTemplate = async (memberId: string, templateId: string) => (await couponsOf(memberId)).filter((c) => c.template_id === templateId);
    expect(await byTemplate(born.body.id, birthday)).toEqual([expect.objectContaining({ rule_key: today.slice(0, 4) })]);
    expect(await byTemplate(notToday.body.id, birthday)).toEqual([]);
    expect(await byTemplate(away, comeBack)).toHaveLength(1);
    expect(await byTemplate(recent, comeBack)).toEqual([]);
    await scheduler.runForTenants(new Date(), [tenant.tenantId]);
    expect(await byTemplate(born.body.id, birthday)).toHaveLength(1);
    expect(await byTemplate(away, comeBack)).toHaveLength(1);
  });

  it('gives a level’s birthday gift only to the members at that level', async () => {
    const silverBirthday = await template('银卡生日礼');
    ok(await rule('BIRTHDAY', silverBirthday, { levelCode: 'SILVER' }));
    const today = localDateOf(new Date(), 'Asia/Shanghai');
    const silver = (await posPost(platform, key, '/members', { phone: uniquePhone(), birthday: `1991-${today.slice(5)}` })).body.id;
    const plain = (await posPost(platform, key, '/members', { phone: uniquePhone(), birthday: `1992-${today.slice(5)}` })).body.id;
    // 200.00 in one purchase makes 银卡.
    expect((await posPost(platform, key, '/purchases', { memberId: silver, orderNo: idemKey(), amountFen: 200_00 })).status).toBe(201);
    await platform.app.get(CouponRuleScheduler).runForTenants(new Date(), [tenant.tenantId]);
    const templates = async (memberId: string) => (await couponsOf(memberId)).map((c) => c.template_id).filter((t) => t === birthday || t === silverBirthday).sort();
    expect(await templates(silver)).toEqual([birthday, silverBirthday].sort());
    expect(await templates(plain)).toEqual([birthday]);
    expect((await rule('REACTIVATION', silverBirthday, { inactiveDays: 30, levelCode: 'SILVER' })).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });

  it('gives birthday points (生日积分) through the ledger at the member’s store, once a year, a level’s own only at that level', async () => {
    ok(await rule('BIRTHDAY', undefined, { points: 88 }));
    ok(await rule('BIRTHDAY', undefined, { points: 200, levelCode: 'SILVER' }));
    const now = new Date();
    const today = localDateOf(now, 'Asia/Shanghai');
    const register = async (birthday: string) => (await posPost(platform, key, '/members', { phone: uniquePhone(), birthday })).body.id as string;
    const plain = await register(`1993-${today.slice(5)}`);
    const silver = await register(`1994-${today.slice(5)}`);
    const other = await register(today.slice(5) === '01-01' ? '1990-06-15' : '1990-01-01');
    expect((await posPost(platform, key, '/purchases', { memberId: silver, orderNo: idemKey(), amountFen: 200_00 })).body.pointsEarned).toBe(200);
    const pointsOf = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}`)).body.pointsBalance as number;
    const grants = (memberId: string) =>
      systemQuery<{ amount: number; store_id: string; reference: string }>(
        platform,
        `select amount, store_id, reference from ledger_transfer where member_id = ? and kind = 'EARN' and reference like '生日礼%' order by amount`,
        [memberId],
      );
    const scheduler = platform.app.get(CouponRuleScheduler);

    await scheduler.runForTenants(now, [tenant.tenantId]);
    expect([await pointsOf(plain), await pointsOf(silver), await pointsOf(other)]).toEqual([88, 200 + 88 + 200, 0]);
    const year = today.slice(0, 4);
    // From the merchant's issuance, at the store the member registered at.
    expect(await grants(plain)).toEqual([{ amount: 88, store_id: tenant.merchants[0].stores[0].id, reference: `生日礼 ${year}` }]);
    const [event] = await systemQuery<{ payload: { amountFen: number; points: number; merchantId: string } }>(
      platform,
      `select payload from outbox_event where key = ? and type = 'points.earned.v1'`,
      [plain],
    );
    expect(event.payload).toMatchObject({ amountFen: 0, points: 88, merchantId });

    // Once a year: the same day again gives nothing; the birthday a year on gives again.
    await scheduler.runForTenants(now, [tenant.tenantId]);
    expect([await pointsOf(plain), await pointsOf(silver)]).toEqual([88, 488]);
    await scheduler.runForTenants(addMonthsInZone(now, 12, 'Asia/Shanghai'), [tenant.tenantId]);
    expect((await grants(plain)).map((g) => g.reference)).toEqual([`生日礼 ${year}`, `生日礼 ${Number(year) + 1}`]);
    expect(await pointsOf(plain)).toBe(88 + 88);
  });

  it('refuses rules that cannot work, with a code, writing nothing', async () => {
    const rules = () => systemQuery(platform, 'select id from coupon_rule where merchant_id = ? order by id', [merchantId]);
    const before = await rules();
    expect((await rule('NEW_MEMBER', gift, { points: 5 })).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect((await rule('BIRTHDAY', undefined)).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect((await rule('BIRTHDAY', undefined, { points: -1 })).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect((await rule('LEVEL_REACHED', gift, { levelCode: 'PLATINUM' })).body.errors[0].extensions.code).toBe('LEVEL_NOT_FOUND');
    expect((await rule('REACTIVATION', gift)).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect((await rule('NEW_MEMBER', '01a20265-e8be-70ea-aeab-6b9052e4773c')).body.errors[0].extensions.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    expect(await rules()).toEqual(before);
  });
});
