/** 异常监控: the rules a merchant may switch on, each off while its setting is null. */
export const ANOMALY_RULES = ['LARGE_AMOUNT', 'HIGH_FREQUENCY', 'STORE_HIGH_FREQUENCY', 'ODD_HOURS', 'REDEEM_AFTER_EARN'] as const;
export type AnomalyRule = (typeof ANOMALY_RULES)[number];

export interface AnomalyRules {
  /** A purchase of at least this amount (分). */
  largeAmountFen: number | null;
  /** At least this many purchases by one member within the window (the purchase itself included)… */
  frequencyCount: number | null;
  /** …of this many minutes up to the purchase. */
  frequencyWindowMinutes: number | null;
  /**
   * At least this many purchases at one store (its till) within the window, whoever the members:
   * no event names a card (members are known by phone, the stored value and visit cards are
   * theirs), so the till is the other identifier a burst can be pinned to.
   */
  storeFrequencyCount: number | null;
  storeFrequencyWindowMinutes: number | null;
  /** A purchase or redemption at a local time from start (inclusive) to end (exclusive), may wrap midnight. */
  oddStartMinute: number | null;
  oddEndMinute: number | null;
  /** A redemption within this many minutes after the member earned points (at any of the tenant's merchants). */
  redeemAfterEarnMinutes: number | null;
  /** Hits of these rules hold the member's redemptions at the merchant until staff release them. */
  holdRules: AnomalyRule[];
}

/** Whether a local minute of the day falls in [start, end), which may wrap midnight. */
export function inWindow(minute: number, start: number, end: number): boolean {
  return start <= end ? minute >= start && minute < end : minute >= start || minute < end;
}
