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
    await query(`mutation($i: VisitCardProductInput!) { createVisitCardProduct(input: $i) { id } }`, { i: { merchantId, name: '洗澡 5 次', service: '洗澡', uses: 5, priceFen: 100_00, validDays: 90 } });
    await query(`mutation($i: PromotionInput!) { createPromotion(input: $i) { id } }`, {
      i: { merchantId, name: '梯度', priority: 5, config: { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 5_00 }, { minFen: 300_00, amountOffFen: 20_00 }] } },
    });
    const template = await query(`mutation($i: CouponTemplateInput!) { createCouponTemplate(input: $i) { id } }`, { i: { merchantId, name: '生日券', kind: 'GIFT', giftName: '蛋糕', validDays: 7 } });
    const templateId = (template.createCouponTemplate as { id: string }).id;
    await query(`mutation($i: CouponRuleInput!) { createCouponRule(input: $i) { id } }`, { i: { merchantId, trigger: 'BIRTHDAY', templateId } });
    await query(`mutation($i: ReferralProgramInput!) { configureReferralProgram(input: $i) { merchantId } }`, { i: { merchantId, onRegistration: { inviterPoints: 5 } } });
  });
  afterAll(() => platform.close());

  it('answers the configuration back', async () => {
    const data = await query(`{
      levelSchemes { merchantId validityMonths levels { code benefits { discountPermille pointsMultiplierPermille freeServices } } growthRules { behaviour amount dailyCap } }
      cardTypes { name kind priceFen periodMonths }
      visitCardProducts { total items { name uses validDays } }
      promotions { total items { name priority exclusive config { kind tiers { minFen amountOffFen } } } }
      couponTemplates { total items { name kind giftName validDays issuedCount } }
      couponRules { trigger levelCode inactiveDays }
    }`);
    expect(data.levelSchemes).toEqual([
      expect.objectContaining({ merchantId, validityMonths: 12, growthRules: expect.arrayContaining([{ behaviour: 'CHECK_IN', amount: 5, dailyCap: 5 }]) }),
    ]);
    expect((data.levelSchemes as { levels: { code: string }[] }[])[0].levels.map((l) => l.code)).toEqual(['REGULAR', 'SILVER', 'GOLD', 'DIAMOND']);
    expect(data.cardTypes).toEqual([{ name: '年卡', kind: 'PAID', priceFen: 199_00, periodMonths: 12 }]);
    expect(data.visitCardProducts).toEqual({ total: 1, items: [{ name: '洗澡 5 次', uses: 5, validDays: 90 }] });
    expect(data.promotions).toEqual({
      total: 1,
      items: [{ name: '梯度', priority: 5, exclusive: false, config: { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 5_00 }, { minFen: 300_00, amountOffFen: 20_00 }] } }],
    });
    expect(data.couponTemplates).toEqual({ total: 1, items: [{ name: '生日券', kind: 'GIFT', giftName: '蛋糕', validDays: 7, issuedCount: 0 }] });
    expect(data.couponRules).toEqual([{ trigger: 'BIRTHDAY', levelCode: null, inactiveDays: null }]);
    const plan = await query(`query($m: UUID!) { storedValuePlan(merchantId: $m) { spendOrder bonusTiers { minPayFen bonusFen release months } } }`, { m: merchantId });
    expect(plan.storedValuePlan).toEqual({ spendOrder: 'PROPORTIONAL', bonusTiers: [{ minPayFen: 100_00, bonusFen: 30_00, release: 'MONTHLY', months: 3 }] });
  });

  it('answers a member’s standing', async () => {
    const data = await query(
      `query($m: UUID!) {
        memberLevel(memberId: $m) { levelCode growth validUntil }
        memberStoredValue(memberId: $m) { principalBalanceFen bonusBalanceFen balanceFen bonusScheduled { amountFen } }
        memberCards(memberId: $m) { kind }
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
      memberCards: [],
      memberVisitCards: { total: 0 },
      memberCoupons: { total: 0 },
      memberReferrals: { total: 0 },
      memberLevelHistory: { total: 0 },
    });
    // Paging is checked, not clamped.
    const bad = await gql(platform, admin, `query($m: UUID!) { memberCoupons(memberId: $m, limit: 500) { total } }`, { m: member });
    expect(bad.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
