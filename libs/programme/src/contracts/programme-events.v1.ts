/** Payloads of the membership programme's integration events, version 1. Amounts: 分 integers. */

export const MEMBER_LEVEL_CHANGED_V1 = 'member.level_changed.v1';
/** A member's level changed, or was retained by the review (保级), with the reason. */
export interface MemberLevelChangedV1 {
  memberId: string;
  schemeId: string;
  /** The scheme's merchant; null for the tenant-wide (alliance) scheme. */
  merchantId: string | null;
  fromCode: string | null;
  toCode: string;
  /** The levels' names (银卡…), for messages to the member; added to v1, absent from earlier events. */
  fromName?: string | null;
  toName?: string;
  reason: 'UPGRADE' | 'DOWNGRADE' | 'RETAINED' | 'MANUAL';
  note: string;
  orderNo: string | null;
  validUntil: string | null;
  occurredAt: string;
}

export const STORED_VALUE_CHANGED_V1 = 'stored_value.changed.v1';
/** A movement of a member's stored value (for transaction alerts: amount and balance). */
export interface StoredValueChangedV1 {
  memberId: string;
  merchantId: string;
  storeId: string | null;
  kind: 'recharge' | 'bonus_release' | 'payment' | 'payment_refund' | 'recharge_refund' | 'cashback';
  orderNo: string;
  /** Signed: what the movement added to (or took from) each part. */
  principalDeltaFen: number;
  bonusDeltaFen: number;
  principalBalanceAfter: number;
  bonusBalanceAfter: number;
  occurredAt: string;
}

export const COUPON_ISSUED_V1 = 'coupon.issued.v1';
/** 发券: a member got a coupon (by staff, a rule, a referral or a campaign), in the issue's transaction. */
export interface CouponIssuedV1 {
  couponId: string;
  templateId: string;
  merchantId: string;
  /** The store whose till or clerk issued it; null when staff or a rule did. */
  storeId: string | null;
  memberId: string;
  /** The rule or campaign that issued it, if any. */
  ruleId: string | null;
  validUntil: string;
  issuedAt: string;
}

export const COUPON_USED_V1 = 'coupon.used.v1';
/** 核销: a coupon used on an order at a store, with the discount it gave. */
export interface CouponUsedV1 {
  couponId: string;
  templateId: string;
  merchantId: string;
  storeId: string | null;
  memberId: string;
  orderNo: string;
  discountFen: number;
  usedAt: string;
}

export const COUPON_RETURNED_V1 = 'coupon.returned.v1';
/** 退券: a used coupon given back when its order was refunded in full; usable again unless it expired meanwhile. */
export interface CouponReturnedV1 {
  couponId: string;
  templateId: string;
  merchantId: string;
  /** The store that refunded the order. */
  storeId: string | null;
  memberId: string;
  /** The order it had been used on, and the discount it had given. */
  orderNo: string;
  discountFen: number;
  status: 'ISSUED' | 'EXPIRED';
  returnedAt: string;
}
