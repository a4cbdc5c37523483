import { type ActivePromotion, applyPromotions, checkPromotion, type PromotionConfig, promotionInput } from '../promotion-rules';
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

  it('applies by priority, each on what is left; an exclusive one only first and alone', () => {
    const tenOff = promotion({ kind: 'PERCENT_OFF', discountPermille: 100 }, { priority: 1 });
    const multi = promotion({ kind: 'MULTI_BUY', minQuantity: 2, amountOffFen: 10_00 }, { priority: 2 });
    expect(applyPromotions(lines, [multi, tenOff], null).applied.map((a) => a.discountFen)).toEqual([35_00, 10_00]);
    const exclusive = promotion({ kind: 'PERCENT_OFF', discountPermille: 300 }, { priority: 0, exclusive: true });
    expect(applyPromotions(lines, [multi, tenOff, exclusive], null).applied.map((a) => a.name)).toEqual(['PERCENT_OFF']);
    const lateExclusive = promotion({ kind: 'PERCENT_OFF', discountPermille: 300 }, { priority: 9, exclusive: true });
    expect(applyPromotions(lines, [tenOff, lateExclusive], null).applied).toHaveLength(1);
    expect(applyPromotions(lines, [tenOff, lateExclusive], null).applied[0].promotionId).toBe(tenOff.id);
  });

  it('refuses promotions that cannot work, each with its code', () => {
    const input = (config: unknown, over: Record<string, unknown> = {}) => promotionInput.parse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config, ...over });
    expect(codeOf(() => checkPromotion(input({ kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 100_00 }] })))).toBe('PROMOTION_AMOUNT_NOT_BELOW_THRESHOLD');
    expect(codeOf(() => checkPromotion(input({ kind: 'TIERED', tiers: [{ minFen: 100_00, amountOffFen: 20_00 }, { minFen: 200_00, amountOffFen: 10_00 }] })))).toBe('PROMOTION_TIERS_NOT_INCREASING');
    expect(codeOf(() => checkPromotion(input({ kind: 'BUNDLE', skus: ['A', 'A'], bundlePriceFen: 1 })))).toBe('PROMOTION_BUNDLE_REPEATED_SKU');
    expect(codeOf(() => checkPromotion(input({ kind: 'PERCENT_OFF', discountPermille: 100 }, { startsAt: '2026-12-01T00:00:00Z', endsAt: '2026-11-01T00:00:00Z' })))).toBe('PROMOTION_PERIOD_EMPTY');
    expect(promotionInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config: { kind: 'PERCENT_OFF', discountPermille: -1 } }).success).toBe(false);
    expect(promotionInput.safeParse({ merchantId: '01a20265-e8be-70ea-aeab-6b9052e4773c', name: 'p', config: { kind: 'PERCENT_OFF', discountPermille: 100, minQuantity: 2 } }).success).toBe(false);
  });
});
