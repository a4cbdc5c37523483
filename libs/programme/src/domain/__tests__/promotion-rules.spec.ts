import { type ActivePromotion, amountAt, applyPromotions, checkPromotion, type PromotionConfig, promotionInput, promotionSets } from '../promotion-rules';
import { codeOf } from './code-of';

const lines = [
  { sku: 'FOOD', quantity: 3, amountFen: 300_00 },
  { sku: 'TOY', quantity: 1, amountFen: 50_01 },
];
let seq = 0;
const promotion = (config: PromotionConfig, over: Partial<ActivePromotion> = {}): ActivePromotion => ({ id: `p${++seq}`, name: config.kind, priority: 100, exclusive: false, config, ...over });

describe('promotion rules', () => {
  it('takes a percentage off the SKUs named (限时折扣), or only for the level named (会员价)', () => {
    const off = applyPromotions(lines, [promotion({ kind: 'PERCENT_OFF', skus: ['TOY'], discountPermille: 200 })], null);
    expect(off.lineDiscounts).toEqual([0, 10_00]);
    const member = promotion({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', discountPermille: 100 });
    expect(applyPromotions(lines, [member], 'SILVER').lineDiscounts).toEqual([0, 0]);
    expect(applyPromotions(lines, [member], 'GOLD').lineDiscounts).toEqual([30_00, 5_00]);
  });

  it('gives multi-buy and tiered amounts off spread over the lines they apply to', () => {
    expect(applyPromotions(lines, [promotion({ kind: 'MULTI_BUY', skus: ['FOOD'], minQuantity: 3, amountOffFen: 15_00 })], null).lineDiscounts).toEqual([15_00, 0]);
    expect(applyPromotions(lines, [promotion({ kind: 'MULTI_BUY', skus: ['FOOD'], minQuantity: 4, amountOffFen: 15_00 })], null).lineDiscounts).toEqual([0, 0]);
    const tiered = promotion({ kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 10_00 }, { minFen: 350_00, amountOffFen: 40_00 }] });
    const outcome = applyPromotions(lines, [tiered], null);
    expect(outcome.applied[0].discountFen).toBe(40_00);
    expect(outcome.lineDiscounts.reduce((a, b) => a + b)).toBe(40_00);
    expect(applyPromotions([{ sku: 'A', quantity: 1, amountFen: 349_99 }], [tiered], null).lineDiscounts).toEqual([10_00]);
  });

  it('prices a bundle per complete set (套餐)', () => {
    // One set: one FOOD (100.00) + one TOY (50.01) for 120.00: 30.01 off.
    const bundle = promotion({ kind: 'BUNDLE', skus: ['FOOD', 'TOY'], bundlePriceFen: 120_00 });
    const outcome = applyPromotions(lines, [bundle], null);
    expect(outcome.applied).toEqual([expect.objectContaining({ discountFen: 30_01 })]);
    expect(applyPromotions([lines[0]], [bundle], null).applied).toEqual([]);
  });

  it('prices a level’s SKUs at its member price (会员价), the quantity counted to the thousandth', () => {
    const prices = promotion({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'FOOD', priceFen: 90_00 }] });
    // 3 FOOD at 90.00 = 270.00: 30.00 off; TOY has no price.
    expect(applyPromotions(lines, [prices], 'GOLD').lineDiscounts).toEqual([30_00, 0]);
    expect(applyPromotions(lines, [prices], 'SILVER').lineDiscounts).toEqual([0, 0]);
    // A price above what the line costs gives nothing.
    expect(applyPromotions(lines, [promotion({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: [{ sku: 'TOY', priceFen: 60_00 }] })], 'GOLD').lineDiscounts).toEqual([0, 0]);
    expect([amountAt(8_33, 1.5), amountAt(1_10, 3), amountAt(19_99, 0.3), amountAt(1, 0.001)]).toEqual([12_50, 3_30, 6_00, 1]);
  });

  it('applies a set by priority, each on what is left, and offers the stacked ones together or each exclusive alone', () => {
    const tenOff = promotion({ kind: 'PERCENT_OFF', discountPermille: 100 }, { priority: 1 });
    const multi = promotion({ kind: 'MULTI_BUY', minQuantity: 2, amountOffFen: 10_00 }, { priority: 2 });
    const outcome = applyPromotions(lines, [multi, tenOff], null);
    expect(outcome.applied.map((a) => [a.promotionId, a.discountFen])).toEqual([
      [tenOff.id, 35_00],
      [multi.id, 10_00],
    ]);
    expect(outcome.applied[0].lineDiscountsFen).toEqual([30_00, 5_00]);
    const exclusive = promotion({ kind: 'PERCENT_OFF', discountPermille: 300 }, { priority: 9, exclusive: true });
    const cashback = promotion({ kind: 'CASHBACK', minFen: 100_00, amount: 50, into: 'POINTS' });
    const otherLevel = promotion({ kind: 'LEVEL_PRICE', levelCode: 'SILVER', discountPermille: 100 });
    const sets = promotionSets([exclusive, cashback, multi, otherLevel, tenOff], 'GOLD');
    expect(sets.map((set) => [set.discounts.map((p) => p.id), set.cashbacks.map((p) => p.id)])).toEqual([
      [[tenOff.id, multi.id], [cashback.id]],
      [[exclusive.id], []],
    ]);
  });

  it('refuses promotions that cannot work, each with its code', () => {
    const input = (config: unknown, over: Record<string, unknown> = {}) => promotionInput.parse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config, ...over });
    expect(codeOf(() => checkPromotion(input({ kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 100_00 }] })))).toBe('PROMOTION_AMOUNT_NOT_BELOW_THRESHOLD');
    expect(codeOf(() => checkPromotion(input({ kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 20_00 }, { minFen: 200_00, amountOffFen: 10_00 }] })))).toBe('PROMOTION_TIERS_NOT_INCREASING');
    expect(codeOf(() => checkPromotion(input({ kind: 'BUNDLE', skus: ['A', 'A'], bundlePriceFen: 1 })))).toBe('PROMOTION_BUNDLE_REPEATED_SKU');
    expect(codeOf(() => checkPromotion(input({ kind: 'LEVEL_PRICE', levelCode: 'GOLD' })))).toBe('PROMOTION_LEVEL_PRICE_EMPTY');
    const repeated = [{ sku: 'A', priceFen: 1 }, { sku: 'A', priceFen: 2 }];
    expect(codeOf(() => checkPromotion(input({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', prices: repeated })))).toBe('PROMOTION_PRICE_REPEATED_SKU');
    expect(codeOf(() => checkPromotion(input({ kind: 'LEVEL_PRICE', levelCode: 'GOLD', discountPermille: 50, prices: [{ sku: 'A', priceFen: 1 }] })))).toBe('accepted');
    expect(codeOf(() => checkPromotion(input({ kind: 'PERCENT_OFF', discountPermille: 100 }, { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-11-01T00:00:00Z' })))).toBe('PROMOTION_PERIOD_EMPTY');
    expect(promotionInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config: { kind: 'PERCENT_OFF', discountPermille: -1 } }).success).toBe(false);
    expect(promotionInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config: { kind: 'PERCENT_OFF', discountPermille: 100, minQuantity: 2 } }).success).toBe(false);
  });
});
