import { gql, idemKey, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed } from './programme-fixtures';
import { CouponExpiryScheduler } from '../application/coupon-expiry.scheduler';

const CREATE = `mutation($input: CouponTemplateInput!) { createCouponTemplate(input: $input) { id kind thresholdFen issuedCount } }`;
const ISSUE = `mutation($t: UUID!, $m: UUID!, $r: String!) { issueCoupon(templateId: $t, memberId: $m, reason: $r) { id status validUntil issueReason } }`;

describe('coupons (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;

  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(2));
  });
  afterAll(() => platform.close());

  async function template(input: Record<string, unknown>) {
    const res = await gql(platform, admin, CREATE, { input: { merchantId, validDays: 30, ...input } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.createCouponTemplate.id as string;
  }
  async function issue(templateId: string, memberId: string, token = admin) {
    return gql(platform, token, ISSUE, { t: templateId, m: memberId, r: '新人大礼包' });
  }
  async function issued(templateId: string, memberId: string) {
    const res = await issue(templateId, memberId);
    expect(res.body.errors).toBeUndefined();
    return res.body.data.issueCoupon.id as string;
  }
  const register = async () => (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
  const redeem = (memberId: string, amountFen: number, couponIds: string[], apiKey = key) =>
    posPost(platform, apiKey, '/coupons/redemptions', { memberId, orderNo: idemKey(), amountFen, couponIds });
  const statusOf = async (couponId: string) => (await systemQuery<{ status: string }>(platform, 'select status from coupon where id = ?', [couponId]))[0].status;

  it('redeems 满200减20 from 200.00 and not at 199.99, once', async () => {
    const fullReduction = await template({ name: '满200减20', kind: 'FIXED', thresholdFen: 200_00, amountOffFen: 20_00 });
    const member = await register();
    const couponId = await issued(fullReduction, member);
    const short = await redeem(member, 199_99, [couponId]);
    expect(short.status).toBe(422);
    expect(short.body.code).toBe('COUPON_THRESHOLD_NOT_MET');
    expect(await statusOf(couponId)).toBe('ISSUED');
    const used = await redeem(member, 200_00, [couponId]);
    expect(used.status).toBe(201);
    expect(used.body).toMatchObject({ amountFen: 200_00, discountFen: 20_00, payableFen: 180_00 });
    expect(await statusOf(couponId)).toBe('USED');
    const again = await redeem(member, 500_00, [couponId]);
    expect(again.status).toBe(422);
    expect(again.body.code).toBe('COUPON_NOT_AVAILABLE');
  });

  it('stacks stackable coupons and keeps an exclusive one alone, changing nothing when refused', async () => {
    const member = await register();
    const noThreshold = await issued(await template({ name: '5元无门槛', kind: 'FIXED', amountOffFen: 5_00, stacking: 'STACKABLE' }), member);
    const tenPercent = await issued(await template({ name: '9折', kind: 'PERCENTAGE', discountPermille: 100, maxDiscountFen: 50_00, stacking: 'STACKABLE' }), member);
    const exclusive = await issued(await template({ name: '独享 30 元', kind: 'FIXED', thresholdFen: 100_00, amountOffFen: 30_00 }), member);
    const refused = await redeem(member, 300_00, [noThreshold, exclusive]);
    expect(refused.body.code).toBe('COUPON_NOT_STACKABLE');
    expect([await statusOf(noThreshold), await statusOf(exclusive)]).toEqual(['ISSUED', 'ISSUED']);
    const both = await redeem(member, 300_00, [tenPercent, noThreshold]);
    expect(both.status).toBe(201);
    // 5.00 off first, then 10% of 295.00.
    expect(both.body).toMatchObject({ discountFen: 5_00 + 29_50, payableFen: 300_00 - 34_50 });
    expect(both.body.coupons).toEqual(
      expect.arrayContaining([expect.objectContaining({ couponId: noThreshold, discountFen: 5_00 }), expect.objectContaining({ couponId: tenPercent, discountFen: 29_50 })]),
    );
    const usable = (await posGet(platform, key, `/members/${member}/coupons`)).body;
    expect(usable.items.map((c: { id: string }) => c.id)).toEqual([exclusive]);
  });

  it('keeps per-member and total limits, and issues by staff with a reason', async () => {
    const limited = await template({ name: '限量', kind: 'GIFT', giftName: '宠物零食', perMemberLimit: 1, totalLimit: 2 });
    const [a, b, c] = [await register(), await register(), await register()];
    const first = await issue(limited, a, tenant.merchants[0].clerkToken);
    expect(first.body.data.issueCoupon).toMatchObject({ status: 'ISSUED', issueReason: '新人大礼包' });
    expect((await issue(limited, a)).body.errors[0].extensions.code).toBe('COUPON_MEMBER_LIMIT_REACHED');
    expect((await issue(limited, b)).body.errors).toBeUndefined();
    expect((await issue(limited, c)).body.errors[0].extensions.code).toBe('COUPON_LIMIT_REACHED');
    const [{ issued_count }] = await systemQuery<{ issued_count: number }>(platform, 'select issued_count from coupon_template where id = ?', [limited]);
    expect(issued_count).toBe(2);
    const gift = await redeem(a, 0, [first.body.data.issueCoupon.id]);
    expect(gift.body.coupons[0]).toMatchObject({ kind: 'GIFT', discountFen: 0, giftName: '宠物零食' });
  });

  it('revokes an unused coupon with a reason; a revoked coupon cannot be used', async () => {
    const member = await register();
    const couponId = await issued(await template({ name: '撤回', kind: 'FIXED', amountOffFen: 1_00 }), member);
    const res = await gql(platform, admin, `mutation($c: UUID!) { revokeCoupon(couponId: $c, reason: "发错了") { status revokeReason } }`, { c: couponId });
    expect(res.body.data.revokeCoupon).toEqual({ status: 'REVOKED', revokeReason: '发错了' });
    expect((await redeem(member, 10_00, [couponId])).body.code).toBe('COUPON_NOT_AVAILABLE');
    const history = await gql(platform, admin, `query($m: UUID!) { memberCoupons(memberId: $m, status: REVOKED) { total items { id } } }`, { m: member });
    expect(history.body.data.memberCoupons).toEqual({ total: 1, items: [{ id: couponId }] });
  });

  it('lets one of many concurrent redemptions of a coupon win', async () => {
    const member = await register();
    const couponId = await issued(await template({ name: '抢', kind: 'FIXED', amountOffFen: 10_00 }), member);
    const results = await Promise.all(Array.from({ length: 8 }, () => redeem(member, 50_00, [couponId])));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.status === 422 && r.body.code === 'COUPON_NOT_AVAILABLE')).toHaveLength(7);
    const [row] = await systemQuery<{ status: string; discount_fen: number }>(platform, 'select status, discount_fen from coupon where id = ?', [couponId]);
    expect(row).toEqual({ status: 'USED', discount_fen: 10_00 });
  });

  it('refuses coupons outside their validity and expires them on schedule', async () => {
    const member = await register();
    const soon = new Date(Date.now() + 1_500);
    const shortLived = await template({ name: '限时', kind: 'FIXED', amountOffFen: 1_00, validDays: null, validFrom: new Date(Date.now() - 60_000).toISOString(), validUntil: soon.toISOString() });
    const couponId = await issued(shortLived, member);
    await new Promise((resolve) => setTimeout(resolve, soon.getTime() - Date.now() + 100));
    expect((await redeem(member, 10_00, [couponId])).body.code).toBe('COUPON_EXPIRED');
    expect(await platform.app.get(CouponExpiryScheduler).run()).toBeGreaterThanOrEqual(1);
    expect(await statusOf(couponId)).toBe('EXPIRED');
    // Not yet valid.
    const later = await template({ name: '下月', kind: 'FIXED', amountOffFen: 1_00, validDays: null, validFrom: new Date(Date.now() + 86_400_000).toISOString(), validUntil: new Date(Date.now() + 2 * 86_400_000).toISOString() });
    expect((await redeem(member, 10_00, [await issued(later, member)])).body.code).toBe('COUPON_NOT_YET_VALID');
  });

  it('keeps coupons to their merchant and rejects bad templates with a code', async () => {
    const member = await register();
    const couponId = await issued(await template({ name: '本店', kind: 'FIXED', amountOffFen: 1_00 }), member);
    const elsewhere = await redeem(member, 10_00, [couponId], tenant.merchants[1].posKeys[0]);
    expect(elsewhere.status).toBe(404);
    expect(elsewhere.body.code).toBe('COUPON_NOT_FOUND');
    // Row-level security: the other merchant of the alliance sees none of this merchant's coupons.
    const seen = await gql(platform, tenant.merchants[1].adminToken, `query($m: UUID!) { memberCoupons(memberId: $m) { total } }`, { m: member });
    expect(seen.body.data.memberCoupons.total).toBe(0);
    const own = await gql(platform, admin, `query($m: UUID!) { memberCoupons(memberId: $m) { total } }`, { m: member });
    expect(own.body.data.memberCoupons.total).toBe(1);
    const bad = await gql(platform, admin, CREATE, { input: { merchantId, name: 'bad', kind: 'FIXED', thresholdFen: 10_00, amountOffFen: 10_00, validDays: 30 } });
    expect(bad.status).toBe(422);
    expect(bad.body.errors[0].extensions.code).toBe('COUPON_AMOUNT_NOT_BELOW_THRESHOLD');
    const negative = await gql(platform, admin, CREATE, { input: { merchantId, name: 'bad', kind: 'PERCENTAGE', discountPermille: -1, validDays: 30 } });
    expect(negative.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const [{ count }] = await systemQuery<{ count: number }>(platform, `select count(*)::int as count from coupon_template where name = 'bad'`);
    expect(count).toBe(0);
  });
});
