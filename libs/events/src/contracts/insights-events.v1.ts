/** Payloads of the insights service's integration events, version 1. Money in 分, points whole. */

export const INSIGHTS_DAILY_REPORT_V1 = 'insights.daily-report.v1';

/** The figures of one closed local day: a merchant's, or an alliance's across its merchants. */
export interface DailyReportFiguresV1 {
  /** The local date (YYYY-MM-DD). */
  day: string;
  timeZone: string;
  purchases: number;
  /** Member sales: purchases that earned points. */
  salesFen: number;
  /** Refunds and returns, on the day they happened. */
  refundsFen: number;
  netSalesFen: number;
  /** Members who bought that day. */
  buyers: number;
  newMembers: number;
  pointsEarned: number;
  pointsRedeemed: number;
  pointsReversed: number;
  pointsExpired: number;
  /** Net sales of the day before, and the average (rounded down) of the seven days before. */
  previousDayNetSalesFen: number;
  trailing7DayNetSalesFen: number;
  // The fields below were added to v1: reports published before carry none.
  /** Stored value paid in (principal of recharges, less recharges refunded). */
  storedValueRechargedFen?: number;
  /** Stored value spent (principal and bonus of balance payments, less payments refunded). */
  storedValueUsedFen?: number;
  couponsIssued?: number;
  couponsUsed?: number;
  /** All sales the stores reported for the day at their tills (日结, walk-ins included); null when none did. */
  reportedSalesFen?: number | null;
  /** Members' net sales at the stores that reported, over what they reported, in basis points; null without a report. */
  memberShareBps?: number | null;
}

/** 营业日报: a merchant's business of one closed local day, published once the day is over. */
export interface InsightsDailyReportV1 extends DailyReportFiguresV1 {
  merchantId: string;
}

export const INSIGHTS_ALLIANCE_DAILY_REPORT_V1 = 'insights.alliance-daily-report.v1';

/** 联盟营业日报: an alliance's business of one closed local day across its merchants, for its operator. */
export interface InsightsAllianceDailyReportV1 extends DailyReportFiguresV1 {
  allianceId: string;
}

export const INSIGHTS_STORE_DAILY_REPORT_V1 = 'insights.store-daily-report.v1';

/** 门店营业日报: one store's business of one closed local day (its merchant's calendar), for the store's report address. */
export interface InsightsStoreDailyReportV1 extends DailyReportFiguresV1 {
  merchantId: string;
  storeId: string;
}
