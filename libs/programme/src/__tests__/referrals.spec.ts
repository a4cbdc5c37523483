import { gql, idemKey, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, ok } from './programme-fixtures';

const PROGRAM = `mutation($i: ReferralProgramInput!) { configureReferralProgram(input: $i) { windowDays } }`;

describe('referrals (会员分享, 新人有礼; end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;
  let otherKey: string;
  let welcome: string;

  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(2));
    otherKey = tenant.merchants[1].posKeys[0];
    const template = ok(
      await gql(platform, admin, `mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, {
        i: { merchantId, name: '新人有礼', kind: 'FIXED', amountOffFen: 10_00, validDays: 30 },
      }),
    );
    welcome = (template.createCouponTemplate as { id: string }).id;
    ok(await gql(platform, admin, PROGRAM, { i: { merchantId, onFirstPurchase: { inviterPoints: 100, inviteePoints: 50, inviteeCouponTemplateId: welcome } } }));
    const other = tenant.merchants[1];
    ok(await gql(platform, other.adminToken, PROGRAM, { i: { merchantId: other.merchant.id, onRegistration: { inviterPoints: 10, inviteePoints: 10 } } }));
  });
  afterAll(() => platform.close());

  const register = async () => (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
  const pointsOf = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}`)).body.pointsBalance as number;
  const codeOf = async (memberId: string) => posPost(platform, key, '/referral-codes', { memberId });
  const refer = (memberId: string, code: string, apiKey = key) => posPost(platform, apiKey, '/referrals', { memberId, code });

  it('rewards both members once, on the invited member’s first purchase', async () => {
    const inviter = await register();
    const first = await codeOf(inviter);
    expect(first.status).toBe(201);
    expect(first.body.code).toMatch(/^[A-Z2-9]{8}$/);
    const again = await codeOf(inviter);
    expect(again.status).toBe(200);
    expect(again.body.code).toBe(first.body.code);

    const invitee = await register();
    const recorded = await refer(invitee, first.body.code.toLowerCase());
    expect(recorded.status).toBe(201);
    expect(recorded.body).toMatchObject({ inviterMemberId: inviter, inviteeMemberId: invitee, rewarded: false });
    expect(await pointsOf(inviter)).toBe(0);

    await posPost(platform, key, '/purchases', { memberId: invitee, orderNo: idemKey(), amountFen: 30_00 });
    expect(await pointsOf(inviter)).toBe(100);
    expect(await pointsOf(invitee)).toBe(30 + 50);
    const coupons = (await posGet(platform, key, `/members/${invitee}/coupons`)).body;
    expect(coupons.items.map((c: { templateId: string }) => c.templateId)).toEqual([welcome]);
    await posPost(platform, key, '/purchases', { memberId: invitee, orderNo: idemKey(), amountFen: 30_00 });
    expect(await pointsOf(inviter)).toBe(100);

    // One invitation per invited member, whichever merchant records it.
    const twice = await refer(invitee, first.body.code, otherKey);
    expect(twice.status).toBe(409);
    expect(twice.body.code).toBe('REFERRAL_ALREADY_RECORDED');
  });

  it('rewards at once where the programme rewards registration', async () => {
    const inviter = await register();
    const { code } = (await codeOf(inviter)).body;
    const invitee = await register();
    const recorded = await refer(invitee, code, otherKey);
    expect(recorded.body.rewarded).toBe(true);
    expect([await pointsOf(inviter), await pointsOf(invitee)]).toEqual([10, 10]);
  });

  it('rewards registration and the first purchase, each once, where the programme rewards both', async () => {
    const both = tenant.merchants[1];
    const otherKey2 = both.posKeys[0];
    ok(await gql(platform, both.adminToken, PROGRAM, { i: { merchantId: both.merchant.id, onRegistration: { inviterPoints: 10, inviteePoints: 10 }, onFirstPurchase: { inviterPoints: 30 } } }));
    const inviter = await register();
    const { code } = (await codeOf(inviter)).body;
    const another = (await codeOf(await register())).body.code;
    const phone = uniquePhone();
    const invitee = (await posPost(platform, key, '/members', { phone })).body.id as string;
    const k = idemKey();
    const recorded = await posPost(platform, otherKey2, '/referrals', { memberId: invitee, code }, k);
    expect(recorded.body.rewarded).toBe(true);
    expect([await pointsOf(inviter), await pointsOf(invitee)]).toEqual([10, 10]);
    // The same request again is the same answer, and rewards nothing more.
    expect((await posPost(platform, otherKey2, '/referrals', { memberId: invitee, code }, k)).body).toEqual(recorded.body);
    for (let i = 0; i < 2; i++) await posPost(platform, otherKey2, '/purchases', { memberId: invitee, orderNo: idemKey(), amountFen: 5_00 });
    expect([await pointsOf(inviter), await pointsOf(invitee)]).toEqual([10 + 30, 10 + 5 + 5]);
    const [row] = await systemQuery<{ registration_rewarded_at: Date | null; first_purchase_rewarded_at: Date | null }>(
      platform,
      'select registration_rewarded_at, first_purchase_rewarded_at from referral where invitee_member_id = ?',
      [invitee],
    );
    expect(row.registration_rewarded_at).not.toBeNull();
    expect(row.first_purchase_rewarded_at).not.toBeNull();
    // One reward per invited phone: registering the phone again is the same member, invited already.
    const again = await posPost(platform, key, '/members', { phone });
    expect([again.status, again.body.id]).toEqual([200, invitee]);
    expect((await posPost(platform, otherKey2, '/referrals', { phone, code: another })).body.code).toBe('REFERRAL_ALREADY_RECORDED');
    expect([await pointsOf(inviter), await pointsOf(invitee)]).toEqual([40, 20]);
  });

  it('refuses a programme that rewards nothing, changing nothing', async () => {
    const before = await systemQuery(platform, 'select on_registration, on_first_purchase from referral_program where merchant_id = ?', [merchantId]);
    for (const i of [{ merchantId }, { merchantId, onRegistration: {} }, { merchantId, onFirstPurchase: { inviterPoints: -1 } }]) {
      const res = await gql(platform, admin, PROGRAM, { i });
      expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
    const unknown = await gql(platform, admin, PROGRAM, { i: { merchantId, onRegistration: { inviterCouponTemplateId: '01a20265-e8be-70ea-aeab-6b9052e4773c' } } });
    expect(unknown.body.errors[0].extensions.code).toBe('COUPON_TEMPLATE_NOT_FOUND');
    expect(await systemQuery(platform, 'select on_registration, on_first_purchase from referral_program where merchant_id = ?', [merchantId])).toEqual(before);
  });

  it('refuses self-invitation, members older than the code, unknown codes', async () => {
    const older = await register();
    const inviter = await register();
    const { code } = (await codeOf(inviter)).body;
    expect((await refer(inviter, code)).body.code).toBe('REFERRAL_SELF');
    expect((await refer(older, code)).body.code).toBe('REFERRAL_NOT_NEW');
    expect((await refer(await register(), 'ZZZZZZZZ')).body.code).toBe('REFERRAL_CODE_NOT_FOUND');
    const malformed = await refer(await register(), 'short');
    expect(malformed.status).toBe(400);
    expect(malformed.body.code).toBe('VALIDATION_FAILED');
  });
});
