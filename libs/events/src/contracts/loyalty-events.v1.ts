/** Payloads of the loyalty core's integration events, version 1. Amounts: points and 分 integers. */

export const MEMBER_REGISTERED_V1 = 'member.registered.v1';
export interface MemberRegisteredV1 {
  memberId: string;
  merchantId: string;
  storeId: string | null;
  /** Null for a member brought over from a merchant's old system without one. */
  phone: string | null;
  registeredAt: string;
  /**
   * The profile given at registration (added to v1 as optional fields: events written before carry
   * none, so consumers read a missing field as unknown). A later change publishes
   * member.profile-updated.v1.
   */
  name?: string | null;
  gender?: 'male' | 'female' | 'unknown';
  /** YYYY-MM-DD: for birthday care (生日关怀) and segments by birthday month. */
  birthday?: string | null;
  /**
   * Brought over from a merchant's old system by a history import (added to v1; a missing field
   * reads as false): not a new member, so no welcome (新人大礼包), with or without a phone.
   */
  imported?: boolean;
}

export const MEMBER_PROFILE_UPDATED_V1 = 'member.profile-updated.v1';
/**
 * A member's whole profile after a change: a phone (and the profile given with it) added to a
 * member brought over without one, at the till or by a later import; a name, gender or birthday a
 * history import gives a member without them; a correction at the till or in the console. A null
 * name or birthday (a gender 'unknown') is one the member has not, or no longer: cleared by a
 * correction, so consumers take the payload as it is. A phone is never cleared.
 */
export interface MemberProfileUpdatedV1 {
  memberId: string;
  /** The merchant whose till or import made the change. */
  merchantId: string;
  storeId: string | null;
  phone: string | null;
  name: string | null;
  gender: 'male' | 'female' | 'unknown';
  birthday: string | null;
  updatedAt: string;
}

export const POINTS_EARNED_V1 = 'points.earned.v1';
export interface PointsEarnedV1 {
  memberId: string;
  merchantId: string;
  storeId: string;
  transferId: string;
  orderNo: string;
  amountFen: number;
  points: number;
  expiresAt: string | null;
  balanceAfter: number;
  occurredAt: string;
}

export const POINTS_REDEEMED_V1 = 'points.redeemed.v1';
export interface PointsRedeemedV1 {
  memberId: string;
  merchantId: string;
  storeId: string;
  transferId: string;
  orderNo: string;
  points: number;
  balanceAfter: number;
  occurredAt: string;
}

export const POINTS_REDEMPTION_REVERSED_V1 = 'points.redemption-reversed.v1';
/** 积分退回: points an order redeemed, given back because the order was refunded (in proportion to the money refunded). */
export interface PointsRedemptionReversedV1 {
  memberId: string;
  /** Where the points had been redeemed (and the order refunded). */
  merchantId: string;
  storeId: string;
  /** The redemptions of the order (its checkout's, or the till's under its number). */
  redemptionTransferIds: string[];
  orderNo: string;
  points: number;
  balanceAfter: number;
  occurredAt: string;
  /** When the points were redeemed (the order's first redemption): the period the reversal corrects. */
  originalOccurredAt: string;
}

export const POINTS_REVERSED_V1 = 'points.reversed.v1';
export interface PointsReversedV1 {
  memberId: string;
  merchantId: string;
  storeId: string;
  /** refund: of a known order; return: goods returned without the original order. */
  reason: 'refund' | 'return';
  orderNo: string | null;
  amountFen: number;
  /** Points taken back from the member's balance. */
  pointsClawedBack: number;
  /** Points the member had already spent, now owed and settled from future earnings. */
  pointsOwed: number;
  balanceAfter: number;
  occurredAt: string;
  /** When the refunded purchase happened (null for a return without its order): what the reversal corrects. */
  originalOccurredAt: string | null;
}

export const POINTS_EXPIRED_V1 = 'points.expired.v1';
export interface PointsExpiredV1 {
  memberId: string;
  transferId: string;
  points: number;
  /** Who issued the expired points (the earn that created the lot): clearing values breakage by it. */
  issuerMerchantId: string | null;
  issuerStoreId: string | null;
  occurredAt: string;
}

export const STORE_DAILY_SALES_REPORTED_V1 = 'store.daily-sales-reported.v1';
/**
 * 日结: a store's total sales of one local day as its till closed it, members and walk-ins alike
 * (walk-in sales earn nothing, so no other event tells of them). A store may report a day again
 * (a correction): the latest report stands.
 */
export interface StoreDailySalesReportedV1 {
  merchantId: string;
  storeId: string;
  /** The local date (YYYY-MM-DD) in the merchant's time zone. */
  day: string;
  salesFen: number;
  orders: number;
  reportedAt: string;
}

