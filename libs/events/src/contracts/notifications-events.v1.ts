/** Payloads of the notifications service's integration events, version 1. */

export const ANOMALY_DETECTED_V1 = 'anomaly.detected.v1';
/** 异常监控: a purchase or redemption broke one of the merchant's anomaly rules (recorded once per event and rule). */
export interface AnomalyDetectedV1 {
  anomalyId: string;
  merchantId: string;
  storeId: string | null;
  memberId: string;
  rule: 'LARGE_AMOUNT' | 'HIGH_FREQUENCY' | 'STORE_HIGH_FREQUENCY' | 'ODD_HOURS' | 'REDEEM_AFTER_EARN';
  detail: string;
  /**
   * The merchant set this rule to hold: the members service refuses the member's redemptions at
   * this merchant (REDEMPTIONS_HELD) until staff release them.
   */
  holdRedemptions: boolean;
  /** When the purchase or redemption that broke the rule happened. */
  occurredAt: string;
}
