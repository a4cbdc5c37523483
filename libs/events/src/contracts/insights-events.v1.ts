/** Payloads of the insights service's integration events, version 1. Money in 分, points whole. */

export const INSIGHTS_DAILY_REPORT_V1 = 'insights.daily-report.v1';

/** 营业日报: a merchant's business of one closed local day, published once the day is over. */
export interface InsightsDailyReportV1 {
  merchantId: string;
  /** The local date (YYYY-MM-DD) in the merchant's time zone. */
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
}
