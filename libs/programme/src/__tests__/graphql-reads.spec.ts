import { gql, idemKey, posPost, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, configureExampleLevels, ok } from './programme-fixtures';

/** Every configuration and query of the programme's GraphQL API answers what was configured. */
describe('programme GraphQL reads (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let key: string;
  let admin: string;
  let merchantId: string;
  let member: string;

  const query = async (text: string, variables: Record<string, unknown> = {}) => ok(await gql(platform, admin, text, variables));

  beforeAll(async () => {
    ({ platform, key, admin, merchantId } = await bootProgrammeBed(1));
    await configureExampleLevels(platform, admin, merchantId);
    member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id;
    await query(`mutation($i: StoredValuePlanInput!) { configureStoredValuePlan(input: $i) { merchantId } }`, {
      i: { merchantId, spendOrder: 'PROPORTIONAL', bonusTiers: [{ minPayFen: 100_00, bonusFen: 30_00, release: 'MONTHLY', months: 3 }] },
    });
    await posPost(platform, key, '/stored-value/recharges', { memberId: member, orderNo: idemKey(), amountFen: 100_00 });
    await query(`mutation($i: CardTypeInput!) { createCardType(input: $i) { id } }`, { i: { merchantId, name: '年卡', kind: 'PAID', priceFen: 199_00, periodMonths: 12 } });
    await query(`mutation($i: CardTypeInput!) { createCardType(input: $i) { id } }`, { i: { merchantId, name: '等级卡', kind: 'LEVEL' } });
    await query(`mutation($i: VisitCardProductInput!) { createVisitCardProduct(input: $i) { id } }`, { i: { merchantId, name: '洗澡 5 次', service: '洗澡', uses: 5, priceFen: 100_00, validDays: 90 } });
    await query(`mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, {
      i: { merchantId, name: '梯度', priority: 5, config: { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 5_00 }, { minFen: 300_00, amountOffFen: 20_00 }] } },
    });
    const template = await query(`mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, { i: { merchantId, name: '生日券', kind: 'GIFT', giftName: '蛋糕', validDays: 7 } });
    const templateId = (template.createCouponTemplate as { id: string }).id;
    await query(`mutation($i: CouponRuleInput!) { createCouponRule(input: $i) { id } }`, { i: { merchantId, trigger: 'BIRTHDAY', templateId } });
    await query(`mutation($i: CouponRuleInput!) { createCouponRule(input: $i) { id } }`, { i: { merchantId, trigger: 'BIRTHDAY', points: 50, levelCode: 'GOLD' } });
    await query(`mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, {
      i: { merchantId, name: '金卡会员价', priority: 9, config: { kind: 'LEVEL_PRICE', levelCode: 'GOLD', discountPermille: 50, prices: [{ sku: 'FOOD', priceFen: 90_00 }] } },
    });
    await query(`mutation($i: CheckoutPolicyInput!) { configureCheckoutPolicy(input: $i) { merchantId } }`, { i: { merchantId, pointsPerYuan: 100, maxPointsSharePermille: 200 } });
    await query(`mutation($i: ReferralProgramInput!) { configureReferralProgram(input: $i) { merchantId } }`, { i: { merchantId, onFirstPurchase: { inviterPoints: 5 } } });
  });
  afterAll(() => platform.close());

  it('answers the configuration back, a page at a time', async () => {
    const data = await query(`query($m: UUID!) {
      levelSchemes { total items { merchantId validityMonths levels { code benefits { discountPermille pointsMultiplierPermille freeServices } } growthRules { behaviour amount dailyCap } } }
      cardTypes { total items { name kind priceFen periodMonths } }
      visitCardProducts { total items { name uses validDays } }
      promotions { total items { name priority exclusive config { kind tiers { minFen amountOffFen } levelCode discountPermille prices { sku priceFen } } } }
      couponTemplates { total items { name kind giftName validDays issuedCount } }
      couponRules { total items { trigger templateId points levelCode inactiveDays } }
      checkoutPolicy(merchantId: $m) { pointsPerYuan maxPointsSharePermille quoteValiditySeconds }
      referralProgram(merchantId: $m) { onRegistration { inviterPoints } onFirstPurchase { inviterPoints inviteePoints inviterCouponTemplateId } windowDays }
    }`, { m: merchantId });
    expect(data.levelSchemes).toEqual({
      total: 1,
      items: [expect.objectContaining({ merchantId, validityMonths: 12, growthRules: expect.arrayContaining([{ behaviour: 'CHECK_IN', amount: 5, dailyCap: 5 }]) })],
    });
    expect((data.levelSchemes as { items: { levels: { code: string }[] }[] }).items[0].levels.map((l) => l.code)).toEqual(['REGULAR', 'SILVER', 'GOLD', 'DIAMOND']);
    expect(data.cardTypes).toEqual({
      total: 2,
      items: [
        { name: '年卡', kind: 'PAID', priceFen: 199_00, periodMonths: 12 },
        { name: '等级卡', kind: 'LEVEL', priceFen: null, periodMonths: null },
      ],
    });
    expect(data.visitCardProducts).toEqual({ total: 1, items: [{ name: '洗澡 5 次', uses: 5, validDays: 90 }] });
    expect(data.promotions).toEqual({
      total: 2,
      items: [
        { name: '梯度', priority: 5, exclusive: false, config: { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 5_00 }, { minFen: 300_00, amountOffFen: 20_00 }], levelCode: null, discountPermille: null, prices: null } },
        { name: '金卡会员价', priority: 9, exclusive: false, config: { kind: 'LEVEL_PRICE', tiers: null, levelCode: 'GOLD', discountPermille: 50, prices: [{ sku: 'FOOD', priceFen: 90_00 }] } },
      ],
    });
    expect(data.couponTemplates).toEqual({ total: 1, items: [{ name: '生日券', kind: 'GIFT', giftName: '蛋糕', validDays: 7, issuedCount: 0 }] });
    expect(data.couponRules).toEqual({
      total: 2,
      items: [
        { trigger: 'BIRTHDAY', templateId: expect.any(String), points: null, levelCode: null, inactiveDays: null },
        { trigger: 'BIRTHDAY', templateId: null, points: 50, levelCode: 'GOLD', inactiveDays: null },
      ],
    });
    expect(data.checkoutPolicy).toEqual({ pointsPerYuan: 100, maxPointsSharePermille: 200, quoteValiditySeconds: 300 });
    expect(data.referralProgram).toEqual({ onRegistration: null, onFirstPurchase: { inviterPoints: 5, inviteePoints: 0, inviterCouponTemplateId: null }, windowDays: 7 });
    const plan = await query(`query($m: UUID!) { storedValuePlan(merchantId: $m) { spendOrder bonusTiers { minPayFen bonusFen release months } } }`, { m: merchantId });
    expect(plan.storedValuePlan).toEqual({ spendOrder: 'PROPORTIONAL', bonusTiers: [{ minPayFen: 100_00, bonusFen: 30_00, release: 'MONTHLY', months: 3 }] });

    // Pages: the second card type alone; rules one at a time.
    const paged = await query(`{ cardTypes(offset: 1, limit: 1) { total items { name } } couponRules(limit: 1) { total items { points } } }`);
    expect(paged).toEqual({ cardTypes: { total: 2, items: [{ name: '等级卡' }] }, couponRules: { total: 2, items: [{ points: null }] } });
    // Another merchant's configuration is not there to read.
    const other = await gql(platform, admin, `query($m: UUID!) { checkoutPolicy(merchantId: $m) { pointsPerYuan } referralProgram(merchantId: $m) { windowDays } }`, {
      m: '01a20265-e8be-70ea-aeab-6b9052e4773c',
    });
    expect(other.body.data).toEqual({ checkoutPolicy: null, referralProgram: null });
  });

  it('answers a member’s history: growth value, stored value and checkouts, newest first', async () => {
    const someone = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
    expect((await posPost(platform, key, '/growth-events', { memberId: someone, behaviour: 'CHECK_IN' })).status).toBe(201);
    const orderNo = idemKey();
    expect((await posPost(platform, key, '/purchases', { memberId: someone, orderNo, amountFen: 150_00 })).status).toBe(201);
    expect((await posPost(platform, key, '/refunds', { orderNo, amountFen: 50_00 })).status).toBe(201);
    expect((await posPost(platform, key, '/stored-value/recharges', { memberId: someone, orderNo: idemKey(), amountFen: 100_00 })).status).toBe(201);
    const paid = idemKey();
    expect((await posPost(platform, key, '/stored-value/payments', { memberId: someone, orderNo: paid, amountFen: 22_00 })).status).toBe(201);
    const quote = await posPost(platform, key, '/quotes', { memberId: someone, lines: [{ sku: 'TOY', quantity: 1, amountFen: 20_00 }] });
    const open = await posPost(platform, key, '/quotes', { memberId: someone, lines: [{ sku: 'TOY', quantity: 2, amountFen: 40_00 }] });
    const checkedOut = idemKey();
    expect((await posPost(platform, key, '/checkouts', { quoteId: quote.body.quoteId, orderNo: checkedOut })).status).toBe(201);

    const data = await query(
      `query($m: UUID!) {
        memberGrowthHistory(memberId: $m) { total items { change reason reference } }
        memberStoredValueTransactions(memberId: $m) { total items { kind part changeFen reference } }
        checkouts(memberId: $m) { total items { id status orderNo subtotalFen payableFen cashDueFen explanation } }
        committed: checkouts(memberId: $m, status: COMMITTED) { total items { id } }
        memberCards(memberId: $m, limit: 1) { total items { kind levelCode } }
      }`,
      { m: someone },
    );
    // 150 for the ¥150.00 purchase (1 per whole yuan), a third of it taken back by the refund, 5 for the check-in, 20 from the checkout.
    expect(data.memberGrowthHistory).toEqual({
      total: 4,
      items: [
        { change: 20, reason: 'PURCHASE', reference: checkedOut },
        { change: -50, reason: 'REFUND', reference: orderNo },
        { change: 150, reason: 'PURCHASE', reference: orderNo },
        { change: 5, reason: 'CHECK_IN', reference: 'CHECK_IN' },
      ],
    });
    // PROPORTIONAL: 22.00 of 100.00 principal and 10.00 bonus is 20.00 + 2.00.
    expect(data.memberStoredValueTransactions).toEqual({
      total: 4,
      items: expect.arrayContaining([
        { kind: 'SV_PAYMENT', part: 'PRINCIPAL', changeFen: -20_00, reference: paid },
        { kind: 'SV_PAYMENT', part: 'BONUS', changeFen: -2_00, reference: paid },
        { kind: 'SV_BONUS', part: 'BONUS', changeFen: 10_00, reference: expect.any(String) },
        { kind: 'SV_RECHARGE', part: 'PRINCIPAL', changeFen: 100_00, reference: expect.any(String) },
      ]),
    });
    expect(data.checkouts).toEqual({
      total: 2,
      items: [
        { id: open.body.quoteId, status: 'OPEN', orderNo: null, subtotalFen: 40_00, payableFen: 40_00, cashDueFen: 40_00, explanation: expect.any(Array) },
        { id: quote.body.quoteId, status: 'COMMITTED', orderNo: checkedOut, subtotalFen: 20_00, payableFen: 20_00, cashDueFen: 20_00, explanation: ['现金应付：¥20.00'] },
      ],
    });
    expect(data.committed).toEqual({ total: 1, items: [{ id: quote.body.quoteId }] });
    expect(data.memberCards).toEqual({ total: 1, items: [{ kind: 'LEVEL', levelCode: 'REGULAR' }] });
  });

  it('answers a member’s standing', async () => {
    const data = await query(
      `query($m: UUID!) {
        memberLevel(memberId: $m) { levelCode growth validUntil }
        memberStoredValue(memberId: $m) { principalBalanceFen bonusBalanceFen balanceFen bonusScheduled { amountFen } }
        memberCards(memberId: $m) { total }
        memberVisitCards(memberId: $m) { total }
        memberCoupons(memberId: $m) { total }
        memberReferrals(memberId: $m) { total }
        memberLevelHistory(memberId: $m) { total }
      }`,
      { m: member },
    );
    expect(data).toEqual({
      memberLevel: { levelCode: 'REGULAR', growth: 0, validUntil: null },
      memberStoredValue: { principalBalanceFen: 100_00, bonusBalanceFen: 10_00, balanceFen: 110_00, bonusScheduled: [{ amountFen: 10_00 }, { amountFen: 10_00 }] },
      memberCards: { total: 1 },
      memberVisitCards: { total: 0 },
      memberCoupons: { total: 0 },
      memberReferrals: { total: 0 },
      memberLevelHistory: { total: 0 },
    });
    // Paging is checked, not clamped.
    for (const page of ['memberCoupons(memberId: $m, limit: 500)', 'memberCards(memberId: $m, limit: 0)', 'memberGrowthHistory(memberId: $m, offset: -1)', 'memberStoredValueTransactions(memberId: $m, limit: 201)', 'checkouts(memberId: $m, limit: 0)']) {
      const bad = await gql(platform, admin, `query($m: UUID!) { ${page} { total } }`, { m: member });
      expect([bad.status, bad.body.errors[0].extensions.code]).toEqual([400, 'VALIDATION_FAILED']);
    }
  });
});
