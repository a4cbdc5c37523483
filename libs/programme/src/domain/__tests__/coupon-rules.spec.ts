import { codeOf } from './code-of';
import { type ApplicableCoupon, checkCouponTemplate, couponDiscounts, couponTemplateInput } from '../coupon-rules';

const coupon = (over: Partial<ApplicableCoupon>): ApplicableCoupon => ({
  id: 'c',
  kind: 'FIXED',
  thresholdFen: 0,
  amountOffFen: null,
  discountPermille: null,
  maxDiscountFen: null,
  stacking: 'STACKABLE',
  ...over,
});
const MERCHANT = '01a20265-e8be-70ea-aeab-6b9052e4773c';

describe('coupon rules', () => {
  it('applies 满200减20 from 200.00, not at 199.99', () => {
    const c = coupon({ id: 'full-200', thresholdFen: 200_00, amountOffFen: 20_00 });
    expect(codeOf(() => couponDiscounts(199_99, [c]))).toBe('COUPON_THRESHOLD_NOT_MET');
    expect(couponDiscounts(200_00, [c]).get('full-200')).toBe(20_00);
  });

  it('stacks fixed amounts first, then percentages of what is left, rounded down and capped', () => {
    const fixed = coupon({ id: 'fixed', thresholdFen: 200_00, amountOffFen: 20_00 });
    const percent = coupon({ id: 'percent', kind: 'PERCENTAGE', discountPermille: 100 });
    expect(Object.fromEntries(couponDiscounts(300_01, [percent, fixed]))).toEqual({ fixed: 20_00, percent: 28_00 });
    const capped = coupon({ id: 'capped', kind: 'PERCENTAGE', discountPermille: 500, maxDiscountFen: 10_00 });
    expect(couponDiscounts(300_00, [capped]).get('capped')).toBe(10_00);
    // A fixed coupon never takes the order below zero; a gift takes nothing off.
    const big = coupon({ id: 'big', amountOffFen: 50_00 });
    const gift = coupon({ id: 'gift', kind: 'GIFT' });
    expect(Object.fromEntries(couponDiscounts(30_00, [big, gift]))).toEqual({ big: 30_00, gift: 0 });
  });

  it('uses an exclusive coupon alone', () => {
    const exclusive = coupon({ id: 'x', amountOffFen: 5_00, stacking: 'EXCLUSIVE' });
    expect(couponDiscounts(10_00, [exclusive]).get('x')).toBe(5_00);
    expect(codeOf(() => couponDiscounts(10_00, [exclusive, coupon({ id: 'y', amountOffFen: 1_00 })]))).toBe('COUPON_NOT_STACKABLE');
  });

  it('refuses templates that cannot work, each with its code', () => {
    const template = (over: Record<string, unknown>) => couponTemplateInput.parse({ merchantId: MERCHANT, name: 't', kind: 'FIXED', amountOffFen: 20_00, validDays: 30, ...over });
    expect(codeOf(() => checkCouponTemplate(template({ thresholdFen: 200_00 })))).toBe('accepted');
    expect(codeOf(() => checkCouponTemplate(template({ thresholdFen: 20_00 })))).toBe('COUPON_AMOUNT_NOT_BELOW_THRESHOLD');
    expect(codeOf(() => checkCouponTemplate(template({ kind: 'PERCENTAGE' })))).toBe('COUPON_KIND_MISMATCH');
    expect(codeOf(() => checkCouponTemplate(template({ kind: 'GIFT', amountOffFen: undefined })))).toBe('COUPON_KIND_MISMATCH');
    expect(codeOf(() => checkCouponTemplate(template({ perMemberLimit: 3, totalLimit: 2 })))).toBe('COUPON_LIMITS_INCONSISTENT');
    const dates = { validDays: undefined, validFrom: '2026-12-01T00:00:00+08:00', validUntil: '2026-11-01T00:00:00+08:00' };
    expect(codeOf(() => checkCouponTemplate(template(dates)))).toBe('COUPON_VALIDITY_EMPTY');
    expect(couponTemplateInput.safeParse({ merchantId: MERCHANT, name: 't', kind: 'FIXED', amountOffFen: -1, validDays: 30 }).success).toBe(false);
    expect(couponTemplateInput.safeParse({ merchantId: MERCHANT, name: 't', kind: 'FIXED', amountOffFen: 1 }).success).toBe(false);
  });
});
