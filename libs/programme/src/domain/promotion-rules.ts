import { isoDateTimeSchema, mulDivFloor, unprocessable } from '@loyalty/shared';
import { z } from 'zod';
import { allocate, type CheckoutLine } from './allocation';

/**
 * 促销 kinds: a percentage off (限时折扣 with an end), member prices for one level (会员价: a price
 * per SKU, a percentage, or both), an amount off for buying several (多件满减), an amount off by
 * spend tier (梯度优惠), a bundle price (套餐), and cashback into stored value or points for
 * spending enough (满额返现).
 */
export const PROMOTION_KINDS = ['PERCENT_OFF', 'LEVEL_PRICE', 'MULTI_BUY', 'TIERED', 'BUNDLE', 'CASHBACK'] as const;
export type PromotionKind = (typeof PROMOTION_KINDS)[number];

const fen = z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00);
const skus = z.array(z.string().trim().min(1).max(64)).min(1).max(200);
const permilleOff = z.number().int().min(1).max(999);
/** 会员价 per unit of a SKU, in 分. */
const memberPrices = z.array(z.strictObject({ sku: z.string().trim().min(1).max(64), priceFen: fen })).min(1).max(500);

export const promotionConfigSchema = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('PERCENT_OFF'), skus: skus.optional(), discountPermille: permilleOff }),
  /** prices: the level's price per unit of those SKUs; discountPermille: off the other lines (of `skus`, when given). */
  z.strictObject({ kind: z.literal('LEVEL_PRICE'), levelCode: z.string().min(1).max(32), skus: skus.optional(), discountPermille: permilleOff.optional(), prices: memberPrices.optional() }),
  z.strictObject({ kind: z.literal('MULTI_BUY'), skus: skus.optional(), minQuantity: z.number().int().min(2).max(1000), amountOffFen: fen.min(1) }),
  z.strictObject({
    kind: z.literal('TIERED'),
    skus: skus.optional(),
    tiers: z.array(z.object({ minFen: fen.min(1), amountOffFen: fen.min(1) })).min(1).max(20),
  }),
  z.strictObject({ kind: z.literal('BUNDLE'), skus: skus.min(2), bundlePriceFen: fen }),
  /** amount: 分 into stored value (as bonus), or points. */
  z.strictObject({ kind: z.literal('CASHBACK'), minFen: fen.min(1), amount: fen.min(1), into: z.enum(['STORED_VALUE', 'POINTS']) }),
]);
export type PromotionConfig = z.infer<typeof promotionConfigSchema>;

export const promotionInput = z.object({
  merchantId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  /** Lower first. */
  priority: z.number().int().min(0).max(1000).default(100),
  /** Applies only alone, no other promotion with it: the quote takes it where it beats the others together. */
  exclusive: z.boolean().default(false),
  startsAt: isoDateTimeSchema.optional(),
  endsAt: isoDateTimeSchema.optional(),
  config: promotionConfigSchema,
});
export type PromotionInput = z.infer<typeof promotionInput>;

/** Refuses promotions that cannot work, each with its code (422). */
export function checkPromotion(p: PromotionInput): void {
  if (p.startsAt && p.endsAt && new Date(p.endsAt) <= new Date(p.startsAt)) throw unprocessable('PROMOTION_PERIOD_EMPTY', 'endsAt must be after startsAt');
  const c = p.config;
  if (c.kind === 'TIERED') {
    const tiers = [...c.tiers].sort((a, b) => a.minFen - b.minFen);
    for (let i = 0; i < tiers.length; i++) {
      if (tiers[i].amountOffFen >= tiers[i].minFen) throw unprocessable('PROMOTION_AMOUNT_NOT_BELOW_THRESHOLD', `${tiers[i].amountOffFen} 分 off ${tiers[i].minFen} 分 would make it free`);
      if (i > 0 && tiers[i].minFen === tiers[i - 1].minFen) throw unprocessable('PROMOTION_TIER_REPEATED', `Two tiers start at ${tiers[i].minFen} 分`);
      if (i > 0 && tiers[i].amountOffFen <= tiers[i - 1].amountOffFen) throw unprocessable('PROMOTION_TIERS_NOT_INCREASING', 'A higher tier must give more off');
    }
  }
  if (c.kind === 'LEVEL_PRICE') {
    if (c.discountPermille === undefined && c.prices === undefined) throw unprocessable('PROMOTION_LEVEL_PRICE_EMPTY', 'A member price needs prices per SKU, a percentage, or both');
    if (c.prices && new Set(c.prices.map((price) => price.sku)).size !== c.prices.length) throw unprocessable('PROMOTION_PRICE_REPEATED_SKU', 'A member price list names each SKU once');
  }
  if (c.kind === 'BUNDLE' && new Set(c.skus).size !== c.skus.length) throw unprocessable('PROMOTION_BUNDLE_REPEATED_SKU', 'A bundle names each SKU once');
  if (c.kind === 'CASHBACK' && c.into === 'STORED_VALUE' && c.amount >= c.minFen) throw unprocessable('PROMOTION_AMOUNT_NOT_BELOW_THRESHOLD', 'Cashback must be less than the spend it rewards');
}

export interface ActivePromotion {
  id: string;
  name: string;
  priority: number;
  exclusive: boolean;
  config: PromotionConfig;
}

/** What one promotion took off the lines. */
export interface AppliedPromotion {
  promotionId: string;
  name: string;
  kind: PromotionKind;
  discountFen: number;
  lineDiscountsFen: number[];
}

/** Promotions that may apply together: the stacked (non-exclusive) ones, or one exclusive alone. */
export interface PromotionSet {
  discounts: ActivePromotion[];
  cashbacks: ActivePromotion[];
}

const byPriority = (a: ActivePromotion, b: ActivePromotion) => a.priority - b.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
const isCashback = (p: ActivePromotion) => p.config.kind === 'CASHBACK';

/**
 * The sets of promotions an order may get, for the quote to compare: every non-exclusive promotion
 * together, then each exclusive one alone (without any other, cashback included), by priority.
 * Member prices of other levels are left out: they can give this member nothing.
 */
export function promotionSets(promotions: ActivePromotion[], levelCode: string | null): PromotionSet[] {
  const usable = [...promotions].filter((p) => p.config.kind !== 'LEVEL_PRICE' || p.config.levelCode === levelCode).sort(byPriority);
  const set = (list: ActivePromotion[]): PromotionSet => ({ discounts: list.filter((p) => !isCashback(p)), cashbacks: list.filter(isCashback) });
  return [set(usable.filter((p) => !p.exclusive)), ...usable.filter((p) => p.exclusive).map((p) => set([p]))];
}

/**
 * Applies promotions together in priority order (then by id), each on what the lines cost after
 * those before it, rounded down, never below zero. A promotion that gives nothing is not applied.
 */
export function applyPromotions(lines: CheckoutLine[], promotions: ActivePromotion[], levelCode: string | null): { lineDiscounts: number[]; applied: AppliedPromotion[] } {
  const remaining = lines.map((l) => l.amountFen);
  const applied: AppliedPromotion[] = [];
  for (const promotion of promotions.filter((p) => !isCashback(p)).sort(byPriority)) {
    const off = discountOf(promotion.config, lines, remaining, levelCode);
    const total = off.reduce((a, b) => a + b, 0);
    if (total === 0) continue;
    off.forEach((o, i) => (remaining[i] -= o));
    applied.push({ promotionId: promotion.id, name: promotion.name, kind: promotion.config.kind, discountFen: total, lineDiscountsFen: off });
  }
  return { lineDiscounts: lines.map((l, i) => l.amountFen - remaining[i]), applied };
}

/** What `quantity` units cost at `unitPriceFen`, the quantity counted to the thousandth, rounded up to the 分. */
export function amountAt(unitPriceFen: number, quantity: number): number {
  const thousandths = BigInt(Math.round(quantity * 1000));
  return Number((BigInt(unitPriceFen) * thousandths + 999n) / 1000n);
}

function discountOf(config: PromotionConfig, lines: CheckoutLine[], remaining: number[], levelCode: string | null): number[] {
  const none = lines.map(() => 0);
  const matched = (skus?: string[]) => lines.map((l) => !skus || skus.includes(l.sku));
  const amountOffMatched = (amount: number, mask: boolean[]) => {
    const weights = remaining.map((r, i) => (mask[i] ? r : 0));
    return allocate(Math.min(amount, weights.reduce((a, b) => a + b, 0)), weights);
  };
  switch (config.kind) {
    case 'PERCENT_OFF': {
      const mask = matched(config.skus);
      return remaining.map((r, i) => (mask[i] ? mulDivFloor(r, config.discountPermille, 1000) : 0));
    }
    case 'LEVEL_PRICE': {
      if (config.levelCode !== levelCode) return none;
      const prices = new Map((config.prices ?? []).map((p) => [p.sku, p.priceFen]));
      const mask = matched(config.skus);
      return lines.map((line, i) => {
        const price = prices.get(line.sku);
        if (price !== undefined) return Math.max(0, remaining[i] - amountAt(price, line.quantity));
        return mask[i] && config.discountPermille ? mulDivFloor(remaining[i], config.discountPermille, 1000) : 0;
      });
    }
    case 'MULTI_BUY': {
      const mask = matched(config.skus);
      const quantity = lines.reduce((q, l, i) => q + (mask[i] ? l.quantity : 0), 0);
      return quantity >= config.minQuantity ? amountOffMatched(config.amountOffFen, mask) : none;
    }
    case 'TIERED': {
      const mask = matched(config.skus);
      const spend = remaining.reduce((s, r, i) => s + (mask[i] ? r : 0), 0);
      const tier = config.tiers.filter((t) => t.minFen <= spend).sort((a, b) => b.minFen - a.minFen)[0];
      return tier ? amountOffMatched(tier.amountOffFen, mask) : none;
    }
    case 'BUNDLE': {
      // Complete sets of one unit of each SKU; a unit costs its line's remaining amount per unit, rounded down.
      const lineOf = config.skus.map((sku) => lines.findIndex((l) => l.sku === sku));
      if (lineOf.some((i) => i < 0)) return none;
      const sets = Math.min(...lineOf.map((i) => Math.floor(lines[i].quantity)));
      if (sets === 0) return none;
      const setValue = lineOf.reduce((v, i) => v + Math.floor(remaining[i] / lines[i].quantity), 0);
      const mask = lines.map((_, i) => lineOf.includes(i));
      return amountOffMatched(Math.max(0, setValue - config.bundlePriceFen) * sets, mask);
    }
    case 'CASHBACK':
      return none;
  }
}
