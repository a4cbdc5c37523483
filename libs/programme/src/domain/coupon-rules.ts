import { isoDateTimeSchema, mulDivFloor, unprocessable } from '@loyalty/shared';
import { z } from 'zod';

/**
 * 优惠券 kinds: a fixed amount off (无门槛 with no threshold, 满200减20 with one), a percentage off
 * (with an optional cap), or a gift (赠品) handed over at the till.
 */
export const COUPON_KINDS = ['FIXED', 'PERCENTAGE', 'GIFT'] as const;
export type CouponKind = (typeof COUPON_KINDS)[number];

/** EXCLUSIVE: the only coupon of its order; STACKABLE: usable with other stackable coupons. */
export const COUPON_STACKING = ['EXCLUSIVE', 'STACKABLE'] as const;
export const COUPON_STATUSES = ['ISSUED', 'USED', 'EXPIRED', 'REVOKED'] as const;
/** Occasions a coupon rule issues on. */
export const COUPON_TRIGGERS = ['NEW_MEMBER', 'BIRTHDAY', 'REACTIVATION', 'LEVEL_REACHED'] as const;
export type CouponTrigger = (typeof COUPON_TRIGGERS)[number];
export type CouponStatus = (typeof COUPON_STATUSES)[number];

const fen = z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00);

export const couponTemplateInput = z
  .object({
    merchantId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(COUPON_KINDS),
    /** The order must reach this (分) for the coupon to apply; 0: no threshold (无门槛). */
    thresholdFen: fen.default(0),
    /** FIXED: amount off (分). */
    amountOffFen: fen.min(1).optional(),
    /** PERCENTAGE: permille off, 100 = 10% off (9折). */
    discountPermille: z.number().int().min(1).max(999).optional(),
    /** PERCENTAGE: at most this off (分). */
    maxDiscountFen: fen.min(1).optional(),
    /** GIFT: what is handed over. */
    giftName: z.string().trim().min(1).max(100).optional(),
    /** Validity: fixed dates, or a number of days from issue. */
    validFrom: isoDateTimeSchema.optional(),
    validUntil: isoDateTimeSchema.optional(),
    validDays: z.number().int().min(1).max(3650).optional(),
    perMemberLimit: z.number().int().min(1).max(1000).optional(),
    totalLimit: z.number().int().min(1).max(100_000_000).optional(),
    stacking: z.enum(COUPON_STACKING).default('EXCLUSIVE'),
  })
  .refine((t) => (t.validDays === undefined) === (t.validFrom !== undefined && t.validUntil !== undefined) && (t.validFrom === undefined) === (t.validUntil === undefined), {
    message: 'give either validFrom and validUntil, or validDays',
    path: ['validDays'],
  });
export type CouponTemplateInput = z.infer<typeof couponTemplateInput>;

export const couponRuleInput = z
  .object({
    merchantId: z.uuid(),
    trigger: z.enum(COUPON_TRIGGERS),
    /** The coupon it gives; a BIRTHDAY rule may give points instead, or both. */
    templateId: z.uuid().optional(),
    /** BIRTHDAY: points given on the member's birthday (生日积分), once a year. */
    points: z.number().int().min(1).max(1_000_000).optional(),
    levelCode: z.string().min(1).max(32).optional(),
    inactiveDays: z.number().int().min(7).max(3650).optional(),
  })
  .refine((r) => r.templateId !== undefined || r.points !== undefined, { message: 'a rule gives a coupon (templateId), points, or both', path: ['templateId'] })
  .refine((r) => r.points === undefined || r.trigger === 'BIRTHDAY', { message: 'points are given on a BIRTHDAY only', path: ['points'] })
  // A level: required when reaching it is the occasion; optional for a birthday (that level's birthday gift).
  .refine((r) => (r.trigger === 'LEVEL_REACHED' ? r.levelCode !== undefined : r.trigger === 'BIRTHDAY' || r.levelCode === undefined), {
    message: 'levelCode is required for LEVEL_REACHED, may name the level of a BIRTHDAY gift, and is not taken otherwise',
    path: ['levelCode'],
  })
  .refine((r) => (r.trigger === 'REACTIVATION') === (r.inactiveDays !== undefined), { message: 'inactiveDays is required for REACTIVATION and only for it', path: ['inactiveDays'] });
export type CouponRuleInput = z.infer<typeof couponRuleInput>;

/** Refuses templates that cannot work, each with its own code (422). */
export function checkCouponTemplate(t: CouponTemplateInput): void {
  const needs: Record<CouponKind, [keyof CouponTemplateInput, ...(keyof CouponTemplateInput)[]]> = {
    FIXED: ['amountOffFen'],
    PERCENTAGE: ['discountPermille'],
    GIFT: ['giftName'],
  };
  const all = ['amountOffFen', 'discountPermille', 'maxDiscountFen', 'giftName'] as const;
  const allowed = new Set<string>([...needs[t.kind], ...(t.kind === 'PERCENTAGE' ? ['maxDiscountFen'] : [])]);
  const missing = needs[t.kind].find((field) => t[field] === undefined);
  if (missing) throw unprocessable('COUPON_KIND_MISMATCH', `A ${t.kind} coupon needs ${missing}`);
  const stray = all.find((field) => t[field] !== undefined && !allowed.has(field));
  if (stray) throw unprocessable('COUPON_KIND_MISMATCH', `A ${t.kind} coupon takes no ${stray}`);
  if (t.kind === 'FIXED' && t.thresholdFen > 0 && t.amountOffFen! >= t.thresholdFen) {
    throw unprocessable('COUPON_AMOUNT_NOT_BELOW_THRESHOLD', `${t.amountOffFen} 分 off an order of at least ${t.thresholdFen} 分 would make it free`);
  }
  if (t.validFrom && t.validUntil && new Date(t.validUntil) <= new Date(t.validFrom)) throw unprocessable('COUPON_VALIDITY_EMPTY', 'validUntil must be after validFrom');
  if (t.perMemberLimit !== undefined && t.totalLimit !== undefined && t.perMemberLimit > t.totalLimit) {
    throw unprocessable('COUPON_LIMITS_INCONSISTENT', 'The per-member limit cannot exceed the total limit');
  }
}

/** A coupon as the order sees it. */
export interface ApplicableCoupon {
  id: string;
  kind: CouponKind;
  thresholdFen: number;
  amountOffFen: number | null;
  discountPermille: number | null;
  maxDiscountFen: number | null;
  stacking: (typeof COUPON_STACKING)[number];
}

/**
 * What each coupon takes off an order of `amountFen` used together: an exclusive coupon alone;
 * each threshold checked against the order as rung up; fixed amounts first, then percentages of
 * what is left, rounded down; never below zero in total. Throws with the reason a set cannot be used.
 */
export function couponDiscounts(amountFen: number, coupons: ApplicableCoupon[]): Map<string, number> {
  if (coupons.length > 1) {
    const exclusive = coupons.find((c) => c.stacking === 'EXCLUSIVE');
    if (exclusive) throw unprocessable('COUPON_NOT_STACKABLE', `Coupon ${exclusive.id} cannot be used with other coupons`);
  }
  const short = coupons.find((c) => amountFen < c.thresholdFen);
  if (short) throw unprocessable('COUPON_THRESHOLD_NOT_MET', `Coupon ${short.id} needs an order of at least ${short.thresholdFen} 分`, { couponId: short.id, thresholdFen: short.thresholdFen });
  const order = [...coupons].sort((a, b) => rank(a) - rank(b));
  let left = amountFen;
  const discounts = new Map<string, number>();
  for (const c of order) {
    const off =
      c.kind === 'FIXED'
        ? Math.min(c.amountOffFen!, left)
        : c.kind === 'PERCENTAGE'
          ? Math.min(mulDivFloor(left, c.discountPermille!, 1000), c.maxDiscountFen ?? Infinity)
          : 0;
    discounts.set(c.id, off);
    left -= off;
  }
  return discounts;
}

const rank = (c: ApplicableCoupon) => ({ FIXED: 0, PERCENTAGE: 1, GIFT: 2 })[c.kind];

/**
 * The coupons that take most off an order of `amountFen` when the member lets the till choose: none,
 * each exclusive coupon alone, or every stackable one whose threshold the order meets (largest
 * first), keeping only those that take something off. Ties: fewer coupons, then the earlier choice.
 * Gifts are never chosen (they are handed over by name). `coupons` come in the order to prefer
 * among equals: soonest to expire first.
 */
export function bestCoupons<C extends ApplicableCoupon>(amountFen: number, coupons: C[]): { coupons: C[]; discounts: Map<string, number> } {
  const usable = coupons.filter((c) => c.kind !== 'GIFT' && amountFen >= c.thresholdFen);
  const strength = (c: C) => (c.kind === 'FIXED' ? c.amountOffFen! : c.discountPermille!);
  const stackable = usable.filter((c) => c.stacking === 'STACKABLE').sort((a, b) => strength(b) - strength(a));
  let best = { coupons: [] as C[], discounts: new Map<string, number>(), total: 0 };
  for (const choice of [...usable.filter((c) => c.stacking === 'EXCLUSIVE').map((c) => [c]), stackable]) {
    const all = couponDiscounts(amountFen, choice);
    const discounts = new Map([...all].filter(([, off]) => off > 0));
    const total = [...discounts.values()].reduce((a, b) => a + b, 0);
    if (total > best.total || (total === best.total && total > 0 && discounts.size < best.discounts.size)) {
      best = { coupons: [...discounts.keys()].map((id) => choice.find((c) => c.id === id)!), discounts, total };
    }
  }
  return { coupons: best.coupons, discounts: best.discounts };
}
