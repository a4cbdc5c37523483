import { allocate } from '../allocation';
import { type PricingCoupon, type PricingState, priceCheckout } from '../checkout-pricing';
import type { ActivePromotion, PromotionConfig } from '../promotion-rules';
import { codeOf } from './code-of';

const coupon = (id: string, over: Partial<PricingCoupon> = {}): PricingCoupon => ({
  id,
  name: id,
  kind: 'FIXED',
  thresholdFen: 0,
  amountOffFen: 10_00,
  discountPermille: null,
  maxDiscountFen: null,
  stacking: 'STACKABLE',
  giftName: null,
  ...over,
});
const promotion = (id: string, config: PromotionConfig, over: Partial<ActivePromotion> = {}): ActivePromotion => ({ id, name: id, priority: 100, exclusive: false, config, ...over });
const noPayment = { points: { requested: 0, available: 0, pointsPerYuan: 100, maxSharePermille: 0 }, balance: { use: false, principalFen: 0, bonusFen: 0, spendOrder: 'PRINCIPAL_FIRST' as const } };

const state = (over: Partial<PricingState> = {}): PricingState => ({
  lines: [
    { sku: 'FOOD', quantity: 2, amountFen: 199_98 },
    { sku: 'TOY', quantity: 1, amountFen: 100_03 },
  ],
  promotions: [],
  level: { code: 'GOLD', name: '金卡', discountPermille: 50 },
  coupons: [coupon('c1', { thresholdFen: 200_00, amountOffFen: 20_00 })],
  chooseCoupons: false,
  points: { requested: 'MAX', available: 5_000, pointsPerYuan: 100, maxSharePermille: 100 },
  balance: { use: true, principalFen: 100_00, bonusFen: 20_00, spendOrder: 'PRINCIPAL_FIRST' },
  ...over,
});

describe('checkout pricing', () => {
  it('prices level discount, coupon, points and balance exactly to the 分, line by line', () => {
    const q = priceCheckout(state());
    // 300.01 − 5% (15.00, rounded down from 15.0005) = 285.01; − 20.00 = 265.01;
    // points: at most 10% = 26.50 → 2,650 points; 238.51 left: 120.00 from stored value, 118.51 cash.
    expect(q).toMatchObject({
      subtotalFen: 300_01,
      levelDiscountFen: 15_00,
      couponDiscountFen: 20_00,
      pointsUsed: 2_650,
      pointsDeductionFen: 26_50,
      payableFen: 238_51,
      balancePrincipalFen: 100_00,
      balanceBonusFen: 20_00,
      cashDueFen: 118_51,
    });
    const sum = (key: 'levelDiscountFen' | 'couponDiscountFen' | 'pointsDeductionFen' | 'payableFen' | 'balanceFen' | 'cashFen') => q.lines.reduce((a, l) => a + l[key], 0);
    expect([sum('levelDiscountFen'), sum('couponDiscountFen'), sum('pointsDeductionFen'), sum('payableFen'), sum('balanceFen'), sum('cashFen')]).toEqual([
      15_00, 20_00, 26_50, 238_51, 120_00, 118_51,
    ]);
    for (const line of q.lines) {
      expect(line.amountFen - line.levelDiscountFen - line.couponDiscountFen - line.pointsDeductionFen).toBe(line.payableFen);
      expect(line.balanceFen + line.cashFen).toBe(line.payableFen);
    }
    expect(q.explanation.length).toBeGreaterThanOrEqual(4);
    // Each line says what made its amount, and the shares add up to it.
    for (const line of q.lines) expect(line.reasons.reduce((a, r) => a + r.amountFen, 0)).toBe(line.amountFen);
    expect(q.lines[1].reasons.map((r) => r.code)).toEqual(['LEVEL_DISCOUNT', 'COUPON', 'POINTS', 'STORED_VALUE', 'CASH']);
    expect(q.lines[1].reasons[0]).toMatchObject({ params: { levelCode: 'GOLD', discountPermille: 50 }, text: expect.stringMatching(/^等级折扣 金卡（5%）减 ¥\d+\.\d\d$/) });
    expect(q.lines[1].reasons[1].text).toMatch(/^优惠券「c1」分摊减 ¥/);
  });

  it('applies coupon thresholds after the level discount, and refuses more points than allowed', () => {
    // 210.00 − 5% = 199.50: below 满200.
    expect(codeOf(() => priceCheckout(state({ lines: [{ sku: 'A', quantity: 1, amountFen: 210_00 }] })))).toBe('COUPON_THRESHOLD_NOT_MET');
    expect(codeOf(() => priceCheckout(state({ points: { requested: 2_651, available: 5_000, pointsPerYuan: 100, maxSharePermille: 100 } })))).toBe('POINTS_DEDUCTION_EXCEEDED');
    // A rate that does not divide: 3 points per ¥1; 100 points buy 33.33, and cost 100.
    const odd = priceCheckout(state({ coupons: [], level: null, balance: { use: false, principalFen: 0, bonusFen: 0, spendOrder: 'PRINCIPAL_FIRST' }, points: { requested: 100, available: 100, pointsPerYuan: 3, maxSharePermille: 1000 } }));
    expect([odd.pointsUsed, odd.pointsDeductionFen, odd.cashDueFen]).toEqual([100, 33_33, 300_01 - 33_33]);
  });

  it('spreads an amount over lines by weight with the leftover 分 to the largest remainders', () => {
    expect(allocate(100, [1, 1, 1])).toEqual([34, 33, 33]);
    expect(allocate(10, [5, 0, 15])).toEqual([3, 0, 7]);
    expect(allocate(0, [5, 5])).toEqual([0, 0]);
    expect(allocate(7, [7])).toEqual([7]);
  });

  describe('the best combination for the member', () => {
    const two = [
      { sku: 'FOOD', quantity: 3, amountFen: 300_00 },
      { sku: 'TOY', quantity: 1, amountFen: 100_00 },
    ];
    const plain = (over: Partial<PricingState>): PricingState => state({ lines: two, level: null, coupons: [], ...noPayment, ...over });
    const stacked = [
      promotion('tenOff', { kind: 'PERCENT_OFF', discountPermille: 100 }, { priority: 1 }),
      promotion('twoFor10', { kind: 'MULTI_BUY', minQuantity: 2, amountOffFen: 10_00 }, { priority: 2 }),
    ];

    it('takes an exclusive promotion alone where it beats the stacked ones, whatever its priority', () => {
      // Stacked: 10% (40.00) then 10.00 = 50.00 off; the exclusive 15% alone: 60.00 off.
      const exclusive = promotion('fifteen', { kind: 'PERCENT_OFF', discountPermille: 150 }, { priority: 50, exclusive: true });
      const q = priceCheckout(plain({ promotions: [...stacked, exclusive] }));
      expect(q).toMatchObject({ combinationsCompared: 2, promotionDiscountFen: 60_00, payableFen: 340_00, promotions: [{ promotionId: 'fifteen', discountFen: 60_00 }] });
      expect(q.lines[0].reasons[0]).toMatchObject({ code: 'PROMOTION', amountFen: 45_00, params: { promotionId: 'fifteen', kind: 'PERCENT_OFF' }, text: '促销「fifteen」减 ¥45.00' });
      // At 12% (48.00) the stacked ones win, applied in priority order.
      const weaker = { ...exclusive, config: { kind: 'PERCENT_OFF' as const, discountPermille: 120 } };
      expect(priceCheckout(plain({ promotions: [weaker, ...stacked] })).promotions.map((p) => [p.promotionId, p.discountFen])).toEqual([
        ['tenOff', 40_00],
        ['twoFor10', 10_00],
      ]);
    });

    it('breaks ties the same way whatever order the promotions come in: stacked first, then exclusives by priority', () => {
      const a = promotion('a', { kind: 'MULTI_BUY', minQuantity: 2, amountOffFen: 50_00 }, { priority: 7, exclusive: true });
      const b = promotion('b', { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 50_00 }] }, { priority: 3, exclusive: true });
      const orders = [[a, b], [b, a]].map((promotions) => priceCheckout(plain({ promotions })).promotions[0].promotionId);
      expect(orders).toEqual(['b', 'b']);
      // The stacked set (50.00 off) against an exclusive giving as much: the stacked one.
      expect(priceCheckout(plain({ promotions: [a, ...stacked] })).promotions.map((p) => p.promotionId)).toEqual(['tenOff', 'twoFor10']);
    });

    it('gives member prices (会员价) or the level discount on a line, whichever leaves the member less to pay', () => {
      const gold = { code: 'GOLD', name: '金卡', discountPermille: 50 };
      const lines = [
        { sku: 'FOOD', quantity: 2, amountFen: 200_00 },
        { sku: 'TOY', quantity: 1, amountFen: 100_00 },
      ];
      const memberPrice = (priceFen: number) => promotion('goldPrice', { kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'FOOD', priceFen }] });
      // FOOD at 90.00 a unit: 20.00 off it, and 5% off TOY only (5.00): 275.00; the level discount on all: 285.00.
      const q = priceCheckout(plain({ lines, level: gold, promotions: [memberPrice(90_00)] }));
      expect(q).toMatchObject({ combinationsCompared: 2, promotionDiscountFen: 20_00, levelDiscountFen: 5_00, payableFen: 275_00 });
      expect(q.lines.map((l) => l.reasons.map((r) => [r.code, r.amountFen]))).toEqual([
        [['MEMBER_PRICE', 20_00], ['CASH', 180_00]],
        [['LEVEL_DISCOUNT', 5_00], ['CASH', 95_00]],
      ]);
      expect(q.lines[0].reasons[0].text).toBe('会员价「goldPrice」减 ¥20.00');
      // At 98.00 a unit the member price gives 4.00: the level discount on every line (15.00) is better.
      expect(priceCheckout(plain({ lines, level: gold, promotions: [memberPrice(98_00)] }))).toMatchObject({ promotionDiscountFen: 0, levelDiscountFen: 15_00, payableFen: 285_00 });
      // Prices with a percentage for the other lines; another level's prices never apply.
      const both = promotion('both', { kind: 'LEVEL_PRICE', levelCode: 'GOLD', discountPermille: 100, prices: [{ sku: 'FOOD', priceFen: 90_00 }] });
      const silver = promotion('silver', { kind: 'LEVEL_PRICE', levelCode: 'SILVER', prices: [{ sku: 'TOY', priceFen: 1_00 }] });
      expect(priceCheckout(plain({ lines, level: gold, promotions: [both, silver] }))).toMatchObject({ promotionDiscountFen: 30_00, levelDiscountFen: 0, payableFen: 270_00 });
      // Without a level discount there is nothing to compare: the member price applies.
      expect(priceCheckout(plain({ lines, level: { ...gold, discountPermille: 0 }, promotions: [memberPrice(98_00)] }))).toMatchObject({ combinationsCompared: 1, payableFen: 296_00 });
    });

    it('chooses the member’s coupons that take most off when the till lets it, fewer on a tie, never a gift', () => {
      const lines = [{ sku: 'A', quantity: 1, amountFen: 250_00 }];
      const held = [
        coupon('over200', { thresholdFen: 200_00, amountOffFen: 20_00 }),
        coupon('five', { amountOffFen: 5_00 }),
        coupon('tenPercent', { kind: 'PERCENTAGE', amountOffFen: null, discountPermille: 100, stacking: 'EXCLUSIVE' }),
        coupon('cake', { kind: 'GIFT', amountOffFen: null, giftName: '蛋糕' }),
        coupon('over300', { thresholdFen: 300_00, amountOffFen: 50_00 }),
      ];
      // Stacked 20.00 + 5.00 against the exclusive 10% (25.00): as much with one coupon.
      const tie = priceCheckout(plain({ lines, coupons: held, chooseCoupons: true }));
      expect(tie.coupons.map((c) => [c.couponId, c.discountFen])).toEqual([['tenPercent', 25_00]]);
      // At 8% (20.00) the two stackable ones win, largest first.
      held[2] = { ...held[2], discountPermille: 80 };
      const stack = priceCheckout(plain({ lines, coupons: held, chooseCoupons: true }));
      expect(stack.coupons.map((c) => [c.couponId, c.discountFen])).toEqual([['over200', 20_00], ['five', 5_00]]);
      expect(stack.payableFen).toBe(225_00);
      // A coupon the order cannot use is left for later: 3.00 needs only the 5.00 one.
      const small = priceCheckout(plain({ lines: [{ sku: 'A', quantity: 1, amountFen: 3_00 }], coupons: held, chooseCoupons: true }));
      expect(small.coupons.map((c) => [c.couponId, c.discountFen])).toEqual([['five', 3_00]]);
    });

    it('weighs promotions against the coupon thresholds they would break', () => {
      const lines = [{ sku: 'A', quantity: 1, amountFen: 210_00 }];
      // 10% off leaves 189.00, below 满200; the exclusive 5.00 off keeps it: 205.00 − 20.00 = 185.00.
      const promotions = [
        promotion('tenOff', { kind: 'PERCENT_OFF', discountPermille: 100 }),
        promotion('fiveOff', { kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 5_00 }] }, { exclusive: true }),
      ];
      const threshold = coupon('over200', { thresholdFen: 200_00, amountOffFen: 20_00 });
      for (const chooseCoupons of [true, false]) {
        const q = priceCheckout(plain({ lines, promotions, coupons: [threshold], chooseCoupons }));
        expect([q.promotions.map((p) => p.promotionId), q.couponDiscountFen, q.payableFen]).toEqual([['fiveOff'], 20_00, 185_00]);
      }
      // A named coupon no combination can take is refused.
      expect(codeOf(() => priceCheckout(plain({ lines: [{ sku: 'A', quantity: 1, amountFen: 150_00 }], promotions, coupons: [threshold] })))).toBe('COUPON_THRESHOLD_NOT_MET');
    });
  });
});
