/** The hotel plugin's integration events, version 1, keyed by member (notifications may thank or remind members from them). */

export const HOTEL_STAY_CHECKED_OUT_V1 = 'hotel.stay-checked-out.v1';
/** 离店: a member's stay was settled; its folio is a purchase that earned `points`. */
export interface HotelStayCheckedOutV1 {
  stayId: string;
  memberId: string;
  merchantId: string;
  storeId: string;
  reservationNo: string;
  nights: number;
  folioFen: number;
  points: number;
  /** The member's level code after the check-out (it may have been raised by it), null without a scheme. */
  levelCode: string | null;
  checkedOutAt: string;
}

export const HOTEL_STAY_CANCELLED_V1 = 'hotel.stay-cancelled.v1';
/** 取消 / 未到店: a stay was cancelled (before arrival, or voided after check-out) or its guest did not come. */
export interface HotelStayCancelledV1 {
  stayId: string;
  memberId: string;
  merchantId: string;
  storeId: string;
  reservationNo: string;
  reason: 'cancelled' | 'no-show';
  /** Points of the stay taken back, and of those the ones the member had spent (now owed). */
  pointsReversed: number;
  pointsOwed: number;
  /** The fee kept, 分, or null. */
  feeFen: number | null;
  occurredAt: string;
}
