import { isoDateTimeSchema, phoneSchema } from '@loyalty/shared';
import { z } from 'zod';

/** How a request names a member: exactly one of memberId or phone. */
export const memberRef = { memberId: z.uuid().optional(), phone: phoneSchema.optional() };
export const exactlyOneMemberRef = <T extends z.ZodType<{ memberId?: string; phone?: string }>>(schema: T) =>
  schema.refine((v) => (v.memberId === undefined) !== (v.phone === undefined), { message: 'give exactly one of memberId or phone', path: ['memberId'] });

export const orderNo = z.string().trim().min(1).max(64);

/** POS: a behaviour other than a purchase that earns growth value (purchases earn by themselves). */
export const recordGrowthEventInput = exactlyOneMemberRef(
  z.object({
    ...memberRef,
    behaviour: z.enum(['CHECK_IN', 'REVIEW', 'SHARE', 'REGISTRATION']),
    reference: z.string().trim().min(1).max(64).optional(),
  }),
);
export type RecordGrowthEventInput = z.infer<typeof recordGrowthEventInput>;

export const changeMemberLevelInput = z.object({
  memberId: z.uuid(),
  /** The merchant whose scheme applies; staff of a merchant need not give it. */
  merchantId: z.uuid().optional(),
  levelCode: z.string().min(1).max(32),
  reason: z.string().trim().min(2, 'a reason is required').max(500),
});
export type ChangeMemberLevelInput = z.infer<typeof changeMemberLevelInput>;

export const reviewLevelsInput = z.object({ asOf: isoDateTimeSchema.optional() });

const amountFen = z.number().int('must be an integer number of fen (分)').min(1).max(1_000_000_000_00);

/** POS: money paid into stored value (充值). */
export const rechargeInput = exactlyOneMemberRef(z.object({ ...memberRef, orderNo, amountFen }));
export type RechargeInput = z.infer<typeof rechargeInput>;

/** POS: an order paid from stored value. */
export const balancePaymentInput = exactlyOneMemberRef(z.object({ ...memberRef, orderNo, amountFen }));
export type BalancePaymentInput = z.infer<typeof balancePaymentInput>;

/** POS: all (amountFen omitted) or part of a balance payment or recharge recorded at this store, refunded. */
export const storedValueRefundInput = z.object({ orderNo, amountFen: amountFen.optional() });
export type StoredValueRefundInput = z.infer<typeof storedValueRefundInput>;

export const issueCouponInput = z.object({
  templateId: z.uuid(),
  memberId: z.uuid(),
  reason: z.string().trim().min(2, 'a reason is required').max(500),
});
export type IssueCouponInput = z.infer<typeof issueCouponInput>;

export const revokeCouponInput = z.object({ couponId: z.uuid(), reason: z.string().trim().min(2, 'a reason is required').max(500) });

/** POS: coupons used on an order (核销); the order's amount decides thresholds and percentages. */
export const redeemCouponsInput = exactlyOneMemberRef(
  z.object({
    ...memberRef,
    orderNo,
    amountFen: z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00),
    couponIds: z
      .array(z.uuid())
      .min(1)
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'a coupon can be named once'),
  }),
);
export type RedeemCouponsInput = z.infer<typeof redeemCouponsInput>;

export const checkoutLineInput = z.object({
  sku: z.string().trim().min(1).max(64),
  name: z.string().max(200).optional(),
  quantity: z.number().positive().max(1_000_000),
  amountFen: z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00),
});

/** POS: price an order for a member (报价): promotions, level discount, coupons, points, stored value. */
export const createQuoteInput = exactlyOneMemberRef(
  z.object({
    ...memberRef,
    lines: z.array(checkoutLineInput).min(1).max(500),
    couponIds: z
      .array(z.uuid())
      .max(10)
      .refine((ids) => new Set(ids).size === ids.length, 'a coupon can be named once')
      .default([]),
    /** The member lets the till choose: the quote uses the member's coupons that take most off (couponIds then empty). */
    chooseCoupons: z.boolean().default(false),
    /** Points to pay with: a number, or MAX for as many as the merchant allows; none by default. */
    points: z.union([z.number().int().min(0).max(1_000_000_000_00), z.literal('MAX')]).default(0),
    useStoredValue: z.boolean().default(false),
  }),
).refine((q) => !(q.chooseCoupons && q.couponIds.length > 0), { message: 'name coupons or let the quote choose them, not both', path: ['chooseCoupons'] });
export type CreateQuoteInput = z.infer<typeof createQuoteInput>;

/** POS: commit a quote as the order `orderNo` (结算). */
export const checkoutInput = z.object({ quoteId: z.uuid(), orderNo });
export type CheckoutInput = z.infer<typeof checkoutInput>;

export const checkoutPolicyInput = z.object({
  merchantId: z.uuid(),
  pointsPerYuan: z.number().int().min(1).max(100_000),
  maxPointsSharePermille: z.number().int().min(0).max(1000),
  quoteValiditySeconds: z.number().int().min(30).max(86_400).default(300),
});

export const visitCardProductInput = z.object({
  merchantId: z.uuid(),
  name: z.string().trim().min(1).max(100),
  service: z.string().trim().min(1).max(100),
  /** Uses included; none: unlimited within the validity (月卡/年卡). */
  uses: z.number().int().min(1).max(10_000).optional(),
  priceFen: z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00),
  validDays: z.number().int().min(1).max(3660),
});

/** POS: sell a visit card to a member, paid at the till or from stored value. */
export const sellVisitCardInput = exactlyOneMemberRef(z.object({ ...memberRef, productId: z.uuid(), orderNo, payWithStoredValue: z.boolean().default(false) }));
export type SellVisitCardInput = z.infer<typeof sellVisitCardInput>;

/** POS: use a visit card (次卡核销). */
export const useVisitCardInput = z.object({ cardId: z.uuid(), uses: z.number().int().min(1).max(100).default(1) });
export type UseVisitCardInput = z.infer<typeof useVisitCardInput>;

export const cardTypeInput = z
  .object({
    merchantId: z.uuid(),
    name: z.string().trim().min(1).max(100),
    kind: z.enum(['FREE', 'PAID', 'LEVEL', 'INTERNAL']),
    priceFen: z.number().int('must be an integer number of fen (分)').min(1).max(1_000_000_000_00).optional(),
    periodMonths: z.number().int().min(1).max(120).optional(),
  })
  .refine((c) => (c.kind === 'PAID') === (c.priceFen !== undefined && c.periodMonths !== undefined), {
    message: 'a PAID card needs priceFen and periodMonths; other cards take neither',
    path: ['priceFen'],
  });

/** POS: a member takes a free card, or buys (or renews) a paid one, at the till or from stored value. */
export const takeCardInput = exactlyOneMemberRef(z.object({ ...memberRef, cardTypeId: z.uuid(), orderNo: orderNo.optional(), payWithStoredValue: z.boolean().default(false) }));
export type TakeCardInput = z.infer<typeof takeCardInput>;

export const issueInternalCardInput = z.object({ cardTypeId: z.uuid(), memberId: z.uuid(), reason: z.string().trim().min(2, 'a reason is required').max(500) });

const referralReward = z
  .object({
    inviterPoints: z.number().int().min(0).max(1_000_000).default(0),
    inviteePoints: z.number().int().min(0).max(1_000_000).default(0),
    inviterCouponTemplateId: z.uuid().optional(),
    inviteeCouponTemplateId: z.uuid().optional(),
  })
  .refine((r) => r.inviterPoints + r.inviteePoints > 0 || r.inviterCouponTemplateId !== undefined || r.inviteeCouponTemplateId !== undefined, 'a reward gives points or a coupon');

/** A referral programme: what both members get on the invited member's registration and/or first purchase. */
export const referralProgramInput = z
  .object({
    merchantId: z.uuid(),
    onRegistration: referralReward.optional(),
    onFirstPurchase: referralReward.optional(),
    windowDays: z.number().int().min(1).max(90).default(7),
  })
  .refine((p) => p.onRegistration !== undefined || p.onFirstPurchase !== undefined, { message: 'reward registration, the first purchase, or both', path: ['onRegistration'] });

/** POS: a member's share code (given once, the same afterwards). */
export const referralCodeInput = exactlyOneMemberRef(z.object({ ...memberRef }));
export type ReferralCodeInput = z.infer<typeof referralCodeInput>;

/** POS: the member just registered came by another member's share code. */
export const recordReferralInput = exactlyOneMemberRef(z.object({ ...memberRef, code: z.string().trim().toUpperCase().regex(/^[A-Z0-9]{8}$/, 'must be an 8-character share code') }));
export type RecordReferralInput = z.infer<typeof recordReferralInput>;
