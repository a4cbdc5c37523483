import { gql, idemKey, posPost, systemQuery, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, ok } from './programme-fixtures';

/** coupon.issued.v1 and coupon.used.v1: written to the outbox with the issue and the use, and not when either is refused. */
describe('coupon events (real PostgreSQL)', () => {
  let platform: TestPlatform;
  let key: string;
  let admin: string;
  let merchantId: string;

  beforeAll(async () => {
    ({ platform, key, admin, merchantId } = await bootProgrammeBed(1));
  });
  afterAll(() => platform.close());

  const eventsOf = (type: string, memberId: string) =>
    systemQuery<{ payload: Record<string, unknown> }>(platform, `select payload from outbox_event where type = ? and key = ? order by created_at`, [type, memberId]).then((rows) =>
      rows.map((r) => r.payload),
    );

  it('publishes each coupon issued and used, with its order and discount', async () => {
    const templateId = (
      ok(
        await gql(platform, admin, `mutation($input: CouponTemplateInput!) { createCouponTemplate(input: $input) { id } }`, {
          input: { merchantId, name: '10元无门槛', kind: 'FIXED', amountOffFen: 10_00, validDays: 30, perMemberLimit: 1 },
        }),
      ).createCouponTemplate as { id: string }
    ).id;
    const memberId = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
    const ISSUE = `mutation($t: UUID!, $m: UUID!) { issueCoupon(templateId: $t, memberId: $m, reason: "回馈") { id } }`;
    const couponId = (ok(await gql(platform, admin, ISSUE, { t: templateId, m: memberId })).issueCoupon as { id: string }).id;
    // Over the per-member limit: refused, and nothing is published.
    expect((await gql(platform, admin, ISSUE, { t: templateId, m: memberId })).body.errors[0].extensions.code).toBe('COUPON_MEMBER_LIMIT_REACHED');
    expect(await eventsOf('coupon.issued.v1', memberId)).toEqual([
      expect.objectContaining({ couponId, templateId, merchantId, memberId, storeId: null, ruleId: null }),
    ]);

    const orderNo = idemKey();
    expect((await posPost(platform, key, '/coupons/redemptions', { memberId, orderNo, amountFen: 50_00, couponIds: [couponId] })).status).toBe(201);
    // Used already: refused, nothing more published.
    expect((await posPost(platform, key, '/coupons/redemptions', { memberId, orderNo: idemKey(), amountFen: 50_00, couponIds: [couponId] })).status).toBe(422);
    expect(await eventsOf('coupon.used.v1', memberId)).toEqual([expect.objectContaining({ couponId, templateId, merchantId, memberId, orderNo, discountFen: 10_00 })]);
  });
});
