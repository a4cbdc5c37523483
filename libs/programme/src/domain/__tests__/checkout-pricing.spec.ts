import { allocate } from '../allocation';
import { type PricingState, priceCheckout } from '../checkout-pricing';
import { codeOf } from './code-of';

const state = (over: Partial<PricingState> = {}): PricingState => ({
  lines: [
    { sku: 'FOOD', quantity: 2, amountFen: 199_98 },
    { sku: 'TOY', quantity: 1, amountFen: 100_03 },
  ],
  promotions: [],
  level: { code: 'GOLD', discountPermille: 50 },
  coupons: [{ id: 'c1', kind: 'FIXED', thresholdFen: 200_00, amountOffFen: 20_00, discountPermille: null, maxDiscountFen: null, stacking: 'STACKABLE', giftName: null }],
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
});
