import { createTenant, gql, idemKey, posGet, posPost, settleOutbox, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, configureExampleLevels, ok } from './programme-fixtures';

const LINES = [
  { sku: 'FOOD', name: '猫粮', quantity: 2, amountFen: 199_98 },
  { sku: 'TOY', name: '逗猫棒', quantity: 1, amountFen: 100_03 },
];

describe('checkout quote and commit (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;
  let couponTemplate: string;


  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(1));
    await configureExampleLevels(platform, admin, merchantId);
    ok(await gql(platform, admin, `mutation($i: StoredValuePlanInput!) { configureStoredValuePlan(input: $i) { merchantId } }`, { i: { merchantId, bonusTiers: [{ minPayFen: 100_00, bonusFen: 20_00 }] } }));
    ok(await gql(platform, admin, `mutation($i: CheckoutPolicyInput!) { configureCheckoutPolicy(input: $i) { merchantId } }`, { i: { merchantId, pointsPerYuan: 100, maxPointsSharePermille: 100 } }));
    const created = ok(
      await gql(platform, admin, `mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, {
        i: { merchantId, name: '满200减20', kind: 'FIXED', thresholdFen: 200_00, amountOffFen: 20_00, stacking: 'STACKABLE', validDays: 30 },
      }),
    );
    couponTemplate = (created.createCouponTemplate as { id: string }).id;
  });
  afterAll(() => platform.close());

  /** A 金卡 member with 2,000 points, 100.00 + 20.00 stored value and a 满200减20 coupon. */
  async function goldMember() {
    const memberId = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
    expect((await posPost(platform, key, '/purchases', { memberId, orderNo: idemKey(), amountFen: 2000_00 })).body.pointsEarned).toBe(2000);
    expect((await posGet(platform, key, `/members/${memberId}/level`)).body.levelCode).toBe('GOLD');
    expect((await posPost(platform, key, '/stored-value/recharges', { memberId, orderNo: idemKey(), amountFen: 100_00 })).status).toBe(201);
    const issued = ok(await gql(platform, admin, `mutation($t: UUID!, $m: UUID!) { issueCoupon(templateId: $t, memberId: $m, reason: "test") { id } }`, { t: couponTemplate, m: memberId }));
    return { memberId, couponId: (issued.issueCoupon as { id: string }).id };
  }
  const quote = (memberId: string, couponId: string | null, extra: Record<string, unknown> = {}) =>
    posPost(platform, key, '/quotes', { memberId, lines: LINES, couponIds: couponId ? [couponId] : [], points: 'MAX', useStoredValue: true, ...extra });
  const checkout = (quoteId: string, orderNo = idemKey(), k = idemKey()) => posPost(platform, key, '/checkouts', { quoteId, orderNo }, k);

  it('quotes and commits level discount + coupon + points + stored value exactly to the 分, once', async () => {
    const { memberId, couponId } = await goldMember();
    const q = await quote(memberId, couponId);
    expect(q.status).toBe(201);
    // 300.01 − 5% 金卡 (15.00) − 20.00 coupon = 265.01; points: 10% would be 26.50 but 2,000 points pay 20.00;
    // 245.01 left: 100.00 principal + 20.00 bonus from stored value, 125.01 cash.
    expect(q.body).toMatchObject({
      subtotalFen: 300_01,
      levelCode: 'GOLD',
      levelDiscountFen: 15_00,
      couponDiscountFen: 20_00,
      pointsUsed: 2000,
      pointsDeductionFen: 20_00,
      payableFen: 245_01,
      balancePrincipalFen: 100_00,
      balanceBonusFen: 20_00,
      cashDueFen: 125_01,
    });
    expect(q.body.lines.reduce((sum: number, l: { cashFen: number }) => sum + l.cashFen, 0)).toBe(125_01);

    const orderNo = idemKey();
    const k = idemKey();
    const done = await checkout(q.body.quoteId, orderNo, k);
    expect(done.status).toBe(201);
    // Points earned on the 245.01 paid with money, ×1.5 for 金卡: 245 × 1.5 = 367; the 2,000 spent.
    expect(done.body).toMatchObject({ orderNo, cashDueFen: 125_01, pointsEarned: 367, pointsBalance: 367 });
    const replay = await checkout(q.body.quoteId, orderNo, k);
    expect(replay.body).toEqual(done.body);
    expect((await checkout(q.body.quoteId)).body.code).toBe('QUOTE_ALREADY_COMMITTED');

    const [purchase] = await systemQuery<{ amount_fen: number; points_earned: number }>(platform, 'select amount_fen, points_earned from purchase where order_no = ?', [orderNo]);
    expect(purchase).toEqual({ amount_fen: 245_01, points_earned: 367 });
    const [payment] = await systemQuery<{ principal_fen: number; bonus_fen: number }>(platform, 'select principal_fen, bonus_fen from stored_value_payment where order_no = ?', [orderNo]);
    expect(payment).toEqual({ principal_fen: 100_00, bonus_fen: 20_00 });
    const [coupon] = await systemQuery<{ status: string; discount_fen: number; used_order_no: string }>(platform, 'select status, discount_fen, used_order_no from coupon where id = ?', [couponId]);
    expect(coupon).toEqual({ status: 'USED', discount_fen: 20_00, used_order_no: orderNo });
    const view = (await posGet(platform, key, `/members/${memberId}`)).body;
    expect(view).toMatchObject({ pointsBalance: 367, storedValueBalanceFen: 0 });
    // Growth value on the money paid (1 per whole yuan): 2,000 from the first purchase + 245.
    expect((await posGet(platform, key, `/members/${memberId}/level`)).body.growth).toBe(2000 + 245);
    expect((await posGet(platform, key, `/members/${memberId}/stored-value`)).body.balanceFen).toBe(0);
  });

  it('gives a checkout’s coupons back when it is refunded in full: usable again while valid, expired once not', async () => {
    const refundAll = async (validUntil?: string) => {
      const { memberId, couponId } = await goldMember();
      const q = await quote(memberId, couponId, { points: 0, useStoredValue: false });
      const orderNo = idemKey();
      expect((await checkout(q.body.quoteId, orderNo)).status).toBe(201);
      const statusOf = async () => (await systemQuery<{ status: string; used_order_no: string | null }>(platform, 'select status, used_order_no from coupon where id = ?', [couponId]))[0];
      // Part of the order back: the coupon stays used.
      expect((await posPost(platform, key, '/refunds', { orderNo, amountFen: 100_00 })).status).toBe(201);
      expect(await statusOf()).toEqual({ status: 'USED', used_order_no: orderNo });
      if (validUntil) await systemQuery(platform, 'update coupon set valid_until = ? where id = ?', [validUntil, couponId]);
      expect((await posPost(platform, key, '/refunds', { orderNo })).status).toBe(201);
      return { memberId, couponId, state: await statusOf() };
    };
    const { memberId, couponId, state } = await refundAll();
    expect(state).toEqual({ status: 'ISSUED', used_order_no: null });
    const returned = await systemQuery<{ payload: Record<string, unknown> }>(platform, `select payload from outbox_event where type = 'coupon.returned.v1' and key = ?`, [memberId]);
    expect(returned.map((r) => r.payload)).toEqual([expect.objectContaining({ couponId, merchantId, memberId, discountFen: 20_00, status: 'ISSUED' })]);
    // The daily report counts uses net of coupons given back, on the day each happened.
    await settleOutbox(platform);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const [facts] = await systemQuery<{ used: number; returned: number }>(
      platform,
      `select count(*) filter (where kind = 'used')::int as used, count(*) filter (where kind = 'returned')::int as returned from insights.coupon_fact
       where merchant_id = ? and (happened_at at time zone 'Asia/Shanghai')::date = ?::date`,
      [merchantId, today],
    );
    expect(facts.returned).toBeGreaterThanOrEqual(1);
    const report = ok(await gql(platform, admin, `query($d: String!, $m: UUID) { dailyReport(from: $d, to: $d, merchantId: $m) { rows { couponsUsed } } }`, { d: today, m: merchantId }));
    expect((report.dailyReport as { rows: { couponsUsed: number }[] }).rows[0].couponsUsed).toBe(facts.used - facts.returned);
    // It takes its 20.00 off the next order again.
    expect((await quote(memberId, couponId, { points: 0, useStoredValue: false })).body.couponDiscountFen).toBe(20_00);
    expect((await refundAll(new Date(Date.now() - 1000).toISOString())).state).toEqual({ status: 'EXPIRED', used_order_no: null });
  });

  it('gives the points a checkout redeemed back with a refund, in proportion, as the lots they came from', async () => {
    const { memberId } = await goldMember();
    const [earned] = await systemQuery<{ expires_at: Date }>(platform, `select l.expires_at from ledger_lot l join ledger_transfer t on t.id = l.transfer_id where t.member_id = ? and t.kind = 'EARN'`, [memberId]);
    const q = await quote(memberId, null, { useStoredValue: false });
    // 300.01 − 15.00 金卡 = 285.01; the 2,000 points pay 20.00: 265.01 paid in money, 397 points earned on it.
    expect(q.body).toMatchObject({ pointsUsed: 2000, payableFen: 265_01 });
    const orderNo = idemKey();
    expect((await checkout(q.body.quoteId, orderNo)).body).toMatchObject({ pointsEarned: 397, pointsBalance: 397 });
    const returned = async () =>
      systemQuery<{ amount: number; expires_at: Date; issuer_merchant_id: string }>(
        platform,
        `select t.amount, l.expires_at, l.issuer_merchant_id from ledger_transfer t join ledger_lot l on l.transfer_id = t.id
         where t.kind = 'REDEMPTION_REVERSAL' and t.reference = ? order by t.created_at`,
        [orderNo],
      );

    // 100.00 of 265.01 back: ⌊2,000 × 10,000 / 26,501⌋ = 754 points, as the lot they came from (its expiry, its issuer).
    expect((await posPost(platform, key, '/refunds', { orderNo, amountFen: 100_00 })).status).toBe(201);
    expect(await returned()).toEqual([{ amount: 754, expires_at: earned.expires_at, issuer_merchant_id: merchantId }]);
    // The rest of the order: exactly the rest of the points; every point earned on it is taken back.
    expect((await posPost(platform, key, '/refunds', { orderNo })).status).toBe(201);
    expect((await returned()).map((r) => r.amount)).toEqual([754, 1246]);
    expect((await posGet(platform, key, `/members/${memberId}`)).body.pointsBalance).toBe(2000);
    const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, `select payload from outbox_event where type = 'points.redemption-reversed.v1' and key = ? order by created_at`, [memberId]);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ merchantId, orderNo, points: 754 }),
      expect.objectContaining({ merchantId, orderNo, points: 1246, balanceAfter: expect.any(Number) }),
    ]);
    // Clearing takes them as the redemption undone, in the redemption's own period.
    await settleOutbox(platform);
    const [redemption] = await systemQuery<{ occurred_at: Date }>(platform, `select occurred_at from ledger_transfer where kind = 'REDEEM' and reference = ?`, [orderNo]);
    const activity = await systemQuery<{ points: number; occurred_at: Date }>(
      platform,
      `select points, occurred_at from clearing.activity where kind = 'REDEMPTION_REVERSED' and merchant_id = ? and occurred_at = ? order by seq`,
      [merchantId, redemption.occurred_at],
    );
    expect(activity.map((a) => a.points)).toEqual([754, 1246]);
    // Daily reports count the day's redemptions net of the points refunds gave back.
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const [facts] = await systemQuery<{ redeemed: number; returned: number }>(
      platform,
      `select coalesce(sum(points) filter (where kind = 'redeemed'), 0)::int8 as redeemed, coalesce(sum(points) filter (where kind = 'redemption_reversed'), 0)::int8 as returned
       from insights.points_fact where merchant_id = ? and (happened_at at time zone 'Asia/Shanghai')::date = ?::date`,
      [merchantId, today],
    );
    expect(facts.returned).toBe(2000);
    const report = ok(await gql(platform, admin, `query($d: String!, $m: UUID) { dailyReport(from: $d, to: $d, merchantId: $m) { rows { pointsRedeemed } } }`, { d: today, m: merchantId }));
    expect((report.dailyReport as { rows: { pointsRedeemed: number }[] }).rows[0].pointsRedeemed).toBe(facts.redeemed - 2000);
  });

  it('refunds a checkout paid with points alone, once, for 0: the points come back', async () => {
    const policy = async (maxPointsSharePermille: number) =>
      ok(await gql(platform, admin, `mutation($i: CheckoutPolicyInput!) { configureCheckoutPolicy(input: $i) { merchantId } }`, { i: { merchantId, pointsPerYuan: 100, maxPointsSharePermille } }));
    await policy(1000);
    try {
      const { memberId } = await goldMember();
      // 10.00 − 5% 金卡 = 9.50, all of it 950 points.
      const q = await posPost(platform, key, '/quotes', { memberId, lines: [{ sku: 'TREAT', quantity: 1, amountFen: 10_00 }], points: 'MAX' });
      expect(q.body).toMatchObject({ pointsUsed: 950, cashDueFen: 0 });
      const orderNo = idemKey();
      expect((await checkout(q.body.quoteId, orderNo)).body).toMatchObject({ pointsEarned: 0, pointsBalance: 1050 });
      const tooMuch = await posPost(platform, key, '/refunds', { orderNo, amountFen: 1 });
      expect([tooMuch.status, tooMuch.body.code]).toEqual([422, 'REFUND_EXCEEDS_PURCHASE']);
      const refund = await posPost(platform, key, '/refunds', { orderNo });
      expect([refund.status, refund.body.refundedFen, refund.body.pointsBalance]).toEqual([201, 0, 2000]);
      const again = await posPost(platform, key, '/refunds', { orderNo });
      expect([again.status, again.body.code]).toEqual([422, 'ORDER_ALREADY_REFUNDED']);
      expect((await posGet(platform, key, `/members/${memberId}`)).body.pointsBalance).toBe(2000);
    } finally {
      await policy(100);
    }
  });

  it('refuses a quote whose inputs changed, or that expired, changing nothing', async () => {
    const { memberId, couponId } = await goldMember();
    const q = await quote(memberId, couponId);
    // The balance is spent elsewhere meanwhile.
    expect((await posPost(platform, key, '/stored-value/payments', { memberId, orderNo: idemKey(), amountFen: 1 })).status).toBe(201);
    const changed = await checkout(q.body.quoteId);
    expect(changed.status).toBe(409);
    expect(changed.body.code).toBe('QUOTE_CHANGED');
    expect((await systemQuery<{ status: string }>(platform, 'select status from coupon where id = ?', [couponId]))[0].status).toBe('ISSUED');
    expect((await posGet(platform, key, `/members/${memberId}`)).body.pointsBalance).toBe(2000);

    const fresh = await quote(memberId, couponId);
    await systemQuery(platform, `update checkout_quote set expires_at = now() - interval '1 second' where id = ?`, [fresh.body.quoteId]);
    const expired = await checkout(fresh.body.quoteId);
    expect(expired.status).toBe(422);
    expect(expired.body.code).toBe('QUOTE_EXPIRED');
    expect((await checkout('01a20265-e8be-70ea-aeab-6b9052e4773c')).body.code).toBe('QUOTE_NOT_FOUND');
  });

  it('lets one of two concurrent checkouts spending the same coupon and balance win', async () => {
    const { memberId, couponId } = await goldMember();
    const [a, b] = [await quote(memberId, couponId), await quote(memberId, couponId)];
    const results = await Promise.all([checkout(a.body.quoteId), checkout(b.body.quoteId)]);
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    const loser = results.find((r) => r.status !== 201)!;
    expect(['QUOTE_CHANGED', 'COUPON_NOT_AVAILABLE']).toContain(loser.body.code);
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from stored_value_payment where member_id = ?', [memberId]);
    expect(count).toBe(1);
    expect((await posGet(platform, key, `/members/${memberId}/stored-value`)).body.balanceFen).toBe(0);
  });

  it('refuses bad quotes with a code: too many points, an unusable coupon, bad lines', async () => {
    const { memberId, couponId } = await goldMember();
    const tooMany = await quote(memberId, null, { points: 2001 });
    expect(tooMany.status).toBe(422);
    expect(tooMany.body.code).toBe('POINTS_DEDUCTION_EXCEEDED');
    const cheap = await posPost(platform, key, '/quotes', { memberId, lines: [{ sku: 'A', quantity: 1, amountFen: 200_00 }], couponIds: [couponId] });
    expect(cheap.body.code).toBe('COUPON_THRESHOLD_NOT_MET'); // 200.00 − 5% = 190.00
    const bad = await posPost(platform, key, '/quotes', { memberId, lines: [{ sku: 'A', quantity: 1, amountFen: -1 }] });
    expect(bad.status).toBe(400);
    expect(bad.body.code).toBe('VALIDATION_FAILED');
    expect((await posPost(platform, key, '/quotes', { memberId, lines: [] })).body.code).toBe('VALIDATION_FAILED');
  });

  it('applies promotions before the level discount and pays cashback into stored value and points at checkout', async () => {
    const create = async (input: Record<string, unknown>) =>
      (ok(await gql(platform, admin, `mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, { i: { merchantId, ...input } })).createPromotion as { id: string }).id;
    const toyDeal = await create({ name: '玩具八折', priority: 1, endsAt: new Date(Date.now() + 3_600_000).toISOString(), config: { kind: 'PERCENT_OFF', skus: ['TOY'], discountPermille: 200 } });
    await create({ name: '满200返10', config: { kind: 'CASHBACK', minFen: 200_00, amount: 10_00, into: 'STORED_VALUE' } });
    await create({ name: '满100送50积分', config: { kind: 'CASHBACK', minFen: 100_00, amount: 50, into: 'POINTS' } });
    const bad = await gql(platform, admin, `mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, {
      i: { merchantId, name: 'bad', config: { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 100_00 }] } },
    });
    expect(bad.body.errors[0].extensions.code).toBe('PROMOTION_AMOUNT_NOT_BELOW_THRESHOLD');

    const { memberId } = await goldMember();
    const q = await quote(memberId, null, { points: 0, useStoredValue: false });
    // TOY 100.03 − 20% (20.00) = 80.03: 280.01; − 5% 金卡 (14.00) = 266.01, all cash.
    expect(q.body).toMatchObject({ promotionDiscountFen: 20_00, levelDiscountFen: 14_00, payableFen: 266_01, cashDueFen: 266_01 });
    expect(q.body.lines[1]).toMatchObject({ sku: 'TOY', promotionDiscountFen: 20_00 });
    expect(q.body.cashbacks.map((c: { into: string; amount: number }) => [c.into, c.amount]).sort()).toEqual([['POINTS', 50], ['STORED_VALUE', 10_00]]);
    const done = await checkout(q.body.quoteId);
    expect(done.status).toBe(201);
    // 2,000 points held + 266 × 1.5 = 399 earned + 50 cashback.
    expect(done.body.pointsBalance).toBe(2000 + 399 + 50);
    expect((await posGet(platform, key, `/members/${memberId}/stored-value`)).body).toMatchObject({ principalBalanceFen: 100_00, bonusBalanceFen: 20_00 + 10_00 });

    // A quote made under a promotion that has since ended is refused as changed.
    const stale = await quote(memberId, null, { points: 0, useStoredValue: false });
    ok(await gql(platform, admin, `mutation($id: UUID!) { endPromotion(id: $id) { id } }`, { id: toyDeal }));
    expect((await checkout(stale.body.quoteId)).body.code).toBe('QUOTE_CHANGED');
  });
});

/** Promotions and coupons in committed checkouts, each on a merchant of its own so their promotions do not meet. */
describe('checkout: the best combination of promotions, member prices and coupons (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    ({ platform } = await bootProgrammeBed(1));
  });
  afterAll(() => platform.close());

  /** A merchant with the example levels, and a member of it at the entry level (普通, no discount). */
  async function shop() {
    const [merchant] = (await createTenant(platform.app, { merchants: 1 })).merchants;
    const admin = merchant.adminToken;
    const merchantId = merchant.merchant.id;
    const key = merchant.posKeys[0];
    await configureExampleLevels(platform, admin, merchantId);
    const memberId = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
    const promote = async (name: string, config: Record<string, unknown>, extra: Record<string, unknown> = {}) =>
      (ok(await gql(platform, admin, `mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, { i: { merchantId, name, config, ...extra } })).createPromotion as { id: string }).id;
    const coupon = async (name: string, template: Record<string, unknown>) => {
      const created = ok(await gql(platform, admin, `mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, { i: { merchantId, name, validDays: 30, ...template } }));
      const templateId = (created.createCouponTemplate as { id: string }).id;
      const issued = ok(await gql(platform, admin, `mutation($t: UUID!, $m: UUID!) { issueCoupon(templateId: $t, memberId: $m, reason: "test") { id } }`, { t: templateId, m: memberId }));
      return (issued.issueCoupon as { id: string }).id;
    };
    const quote = (lines: unknown[], extra: Record<string, unknown> = {}) => posPost(platform, key, '/quotes', { memberId, lines, ...extra });
    const checkout = async (quoteId: string) => {
      const orderNo = idemKey();
      const done = await posPost(platform, key, '/checkouts', { quoteId, orderNo });
      expect(done.status).toBe(201);
      const [purchase] = await systemQuery<{ amount_fen: number }>(platform, 'select amount_fen from purchase where order_no = ? and member_id = ?', [orderNo, memberId]);
      return { body: done.body, purchasedFen: Number(purchase.amount_fen) };
    };
    const growth = async () => (await posGet(platform, key, `/members/${memberId}/level`)).body.growth as number;
    return { admin, merchantId, key, memberId, promote, coupon, quote, checkout, growth };
  }
  const reasonsOf = (line: { reasons: { code: string; amountFen: number; text: string }[] }) => line.reasons.map((r) => [r.code, r.amountFen]);

  it('checks out a bundle (套餐), multi-buy (多件满减) and tiered (梯度) discount together, exact to the 分, earning points and growth on the money paid', async () => {
    const s = await shop();
    await s.promote('猫粮+逗猫棒套餐', { kind: 'BUNDLE', skus: ['FOOD', 'TOY'], bundlePriceFen: 180_00 }, { priority: 10 });
    await s.promote('零食 3 件减 5 元', { kind: 'MULTI_BUY', skus: ['TREAT'], minQuantity: 3, amountOffFen: 5_00 }, { priority: 20 });
    await s.promote('满200减15 满300减30', { kind: 'TIERED', tiers: [{ minFen: 200_00, amountOffFen: 15_00 }, { minFen: 300_00, amountOffFen: 30_00 }] }, { priority: 30 });
    const q = await s.quote([
      { sku: 'FOOD', quantity: 2, amountFen: 199_98 },
      { sku: 'TOY', quantity: 1, amountFen: 100_03 },
      { sku: 'TREAT', quantity: 3, amountFen: 30_00 },
    ]);
    expect(q.status).toBe(201);
    // 套餐: one set worth 99.99 + 100.03 = 200.02 for 180.00: 20.02 off (13.34 + 6.68 by weight);
    // 3 TREAT: 5.00 off; what is left (304.99) reaches 满300: 30.00 off (18.36, 9.18, 2.46).
    expect(q.body.promotions.map((p: { name: string; discountFen: number }) => [p.name, p.discountFen])).toEqual([
      ['猫粮+逗猫棒套餐', 20_02],
      ['零食 3 件减 5 元', 5_00],
      ['满200减15 满300减30', 30_00],
    ]);
    expect(q.body).toMatchObject({ subtotalFen: 330_01, promotionDiscountFen: 55_02, levelDiscountFen: 0, payableFen: 274_99, cashDueFen: 274_99 });
    expect(q.body.lines.map(reasonsOf)).toEqual([
      [['PROMOTION', 13_34], ['PROMOTION', 18_36], ['CASH', 168_28]],
      [['PROMOTION', 6_68], ['PROMOTION', 9_18], ['CASH', 84_17]],
      [['PROMOTION', 5_00], ['PROMOTION', 2_46], ['CASH', 22_54]],
    ]);
    expect(q.body.lines[0].reasons[0].text).toBe('促销「猫粮+逗猫棒套餐」减 ¥13.34');
    const done = await s.checkout(q.body.quoteId);
    expect(done.purchasedFen).toBe(274_99);
    expect(done.body).toMatchObject({ payableFen: 274_99, pointsEarned: 274 });
    expect(await s.growth()).toBe(274);
  });

  it('takes an exclusive promotion alone when it beats the stacked ones, and the stacked ones once it has ended', async () => {
    const s = await shop();
    await s.promote('九折', { kind: 'PERCENT_OFF', discountPermille: 100 }, { priority: 1 });
    await s.promote('两件减 10 元', { kind: 'MULTI_BUY', minQuantity: 2, amountOffFen: 10_00 }, { priority: 2 });
    const exclusive = await s.promote('店庆 85 折（不与其他优惠同享）', { kind: 'PERCENT_OFF', discountPermille: 150 }, { priority: 50, exclusive: true });
    const lines = [
      { sku: 'FOOD', quantity: 3, amountFen: 300_00 },
      { sku: 'TOY', quantity: 1, amountFen: 100_00 },
    ];
    // Stacked: 40.00 + 10.00 off; the exclusive alone: 60.00 off.
    const q = await s.quote(lines);
    expect(q.body).toMatchObject({ combinationsCompared: 2, promotionDiscountFen: 60_00, payableFen: 340_00, promotions: [{ promotionId: exclusive, discountFen: 60_00 }] });
    const stale = await s.quote(lines);
    const done = await s.checkout(q.body.quoteId);
    expect([done.purchasedFen, await s.growth()]).toEqual([340_00, 340]);

    ok(await gql(platform, s.admin, `mutation($id: UUID!) { endPromotion(id: $id) { id } }`, { id: exclusive }));
    const after = await s.quote(lines);
    expect(after.body.promotions.map((p: { name: string; discountFen: number }) => [p.name, p.discountFen])).toEqual([
      ['九折', 40_00],
      ['两件减 10 元', 10_00],
    ]);
    // The 340.00 checkout made the member 银卡 (single purchase ≥ 200.00): 2% off the 350.00 left.
    expect(after.body).toMatchObject({ levelCode: 'SILVER', levelDiscountFen: 7_00, payableFen: 343_00 });
    expect((await posPost(platform, s.key, '/checkouts', { quoteId: stale.body.quoteId, orderNo: idemKey() })).body.code).toBe('QUOTE_CHANGED');
  });

  it('gives a 金卡 member its member price (会员价) where that beats the level discount, and chooses the coupons that take most off', async () => {
    const s = await shop();
    ok(await gql(platform, s.admin, `mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "GOLD", reason: "test") { levelCode } }`, { m: s.memberId }));
    await s.promote('金卡会员价', { kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'FOOD', priceFen: 90_00 }] });
    await s.promote('银卡会员价', { kind: 'LEVEL_PRICE', levelCode: 'SILVER', prices: [{ sku: 'TOY', priceFen: 1_00 }] });
    const over200 = await s.coupon('满200减20', { kind: 'FIXED', thresholdFen: 200_00, amountOffFen: 20_00, stacking: 'STACKABLE' });
    const five = await s.coupon('5元无门槛', { kind: 'FIXED', amountOffFen: 5_00, stacking: 'STACKABLE' });
    const tenth = await s.coupon('9折券', { kind: 'PERCENTAGE', discountPermille: 100, stacking: 'EXCLUSIVE' });
    const lines = [
      { sku: 'FOOD', quantity: 2, amountFen: 200_00 },
      { sku: 'TOY', quantity: 1, amountFen: 100_00 },
    ];
    // Member price: FOOD 180.00, TOY − 5% = 95.00: 275.00; the 9折 coupon alone takes 27.50 (the two others 25.00).
    // The level discount on both instead: 285.00, at best − 28.50 = 256.50.
    const q = await s.quote(lines, { chooseCoupons: true });
    expect(q.status).toBe(201);
    expect(q.body).toMatchObject({ combinationsCompared: 2, promotionDiscountFen: 20_00, levelDiscountFen: 5_00, couponDiscountFen: 27_50, payableFen: 247_50 });
    expect(q.body.coupons).toEqual([{ couponId: tenth, name: '9折券', discountFen: 27_50, giftName: null }]);
    expect(q.body.lines.map(reasonsOf)).toEqual([
      [['MEMBER_PRICE', 20_00], ['COUPON', 18_00], ['CASH', 162_00]],
      [['LEVEL_DISCOUNT', 5_00], ['COUPON', 9_50], ['CASH', 85_50]],
    ]);
    const done = await s.checkout(q.body.quoteId);
    // 247 whole yuan × 1.5 for 金卡.
    expect(done.body).toMatchObject({ pointsEarned: 370, couponDiscountFen: 27_50 });
    expect([done.purchasedFen, await s.growth()]).toEqual([247_50, 247]);
    const states = await systemQuery<{ id: string; status: string }>(platform, 'select id, status from coupon where member_id = ? order by id', [s.memberId]);
    expect(Object.fromEntries(states.map((c) => [c.id, c.status]))).toEqual({ [over200]: 'ISSUED', [five]: 'ISSUED', [tenth]: 'USED' });

    // Member prices that cannot work are refused with a code, and nothing is written.
    const PROMOTE = `mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`;
    const promotions = () => systemQuery(platform, 'select id from promotion where merchant_id = ?', [s.merchantId]);
    const before = await promotions();
    const refusal = async (config: Record<string, unknown>) => {
      const res = await gql(platform, s.admin, PROMOTE, { i: { merchantId: s.merchantId, name: 'bad', config } });
      return [res.status, res.body.errors[0].extensions.code];
    };
    expect(await refusal({ kind: 'LEVEL_PRICE', levelCode: 'GOLD' })).toEqual([422, 'PROMOTION_LEVEL_PRICE_EMPTY']);
    expect(await refusal({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'A', priceFen: 1 }, { sku: 'A', priceFen: 2 }] })).toEqual([422, 'PROMOTION_PRICE_REPEATED_SKU']);
    expect(await refusal({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'A', priceFen: -1 }] })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await refusal({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'A', priceFen: 1.5 }] })).toEqual([400, 'VALIDATION_FAILED']);
    expect(await promotions()).toEqual(before);

    // Naming coupons and letting the quote choose are one or the other.
    const both = await s.quote(lines, { chooseCoupons: true, couponIds: [five] });
    expect([both.status, both.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    // With the 9折 used, the two stackable ones now: 275.00 − 25.00.
    expect((await s.quote(lines, { chooseCoupons: true })).body).toMatchObject({ couponDiscountFen: 25_00, payableFen: 250_00 });
  });
});
