import { gql, idemKey, posGet, posPost, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, ok } from './programme-fixtures';

const PROGRAM = `mutation($i: ReferralProgramInput!) { configureReferralProgram(input: $i) { trigger } }`;

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
    ok(await gql(platform, admin, PROGRAM, { i: { merchantId, trigger: 'FIRST_PURCHASE', inviterPoints: 100, inviteePoints: 50, inviteeCouponTemplateId: welcome } }));
    const other = tenant.merchants[1];
    ok(await gql(platform, other.adminToken, PROGRAM, { i: { merchantId: other.merchant.id, trigger: 'REGISTRATION', inviterPoints: 10, inviteePoints: 10 } }));
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
