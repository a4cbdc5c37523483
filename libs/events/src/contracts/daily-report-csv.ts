import { csvDocument, formatYuan } from '@loyalty/shared';
import type { DailyReportFiguresV1 } from './insights-events.v1';

/** One day of a daily report as its CSV has it: the published figures less the zone (added fields may be absent in old events). */
export type DailyReportDayFigures = Omit<DailyReportFiguresV1, 'timeZone'>;

const COLUMNS: [keyof DailyReportDayFigures, string][] = [
  ['day', '日期 day'],
  ['purchases', '消费笔数 purchases'],
  ['salesFen', '会员消费 sales'],
  ['refundsFen', '退款退货 refunds'],
  ['netSalesFen', '净消费 net sales'],
  ['buyers', '消费会员 buyers'],
  ['newMembers', '新增会员 new members'],
  ['pointsEarned', '发放积分 points earned'],
  ['pointsRedeemed', '兑换积分 points redeemed'],
  ['pointsReversed', '退回积分 points reversed'],
  ['pointsExpired', '过期积分 points expired'],
  ['previousDayNetSalesFen', '前一日净消费 previous day'],
  ['trailing7DayNetSalesFen', '前7日日均 7-day average'],
  ['storedValueRechargedFen', '储值充值 stored value recharged'],
  ['storedValueUsedFen', '储值消费 stored value used'],
  ['couponsIssued', '发券 coupons issued'],
  ['couponsUsed', '核销 coupons used'],
  ['reportedSalesFen', '门店日结销售 all sales reported'],
  ['memberShareBps', '会员消费占比 member share'],
];
const MONEY = new Set<keyof DailyReportDayFigures>([
  'salesFen',
  'refundsFen',
  'netSalesFen',
  'previousDayNetSalesFen',
  'trailing7DayNetSalesFen',
  'storedValueRechargedFen',
  'storedValueUsedFen',
  'reportedSalesFen',
]);

/** Basis points as a percentage with two decimals ("62.50%"); none without a report. */
export const formatShare = (bps: number | null | undefined) => (bps === null || bps === undefined ? '' : `${(bps / 100).toFixed(2)}%`);

/**
 * 营业日报 for a spreadsheet, one row per day, money in yuan: the one CSV of the report, what the
 * export downloads and what the report e-mails attach.
 */
export function dailyReportDaysCsv(days: readonly DailyReportDayFigures[]): string {
  const cell = (day: DailyReportDayFigures, key: keyof DailyReportDayFigures) => {
    const value = day[key];
    if (value === null || value === undefined) return '';
    if (key === 'memberShareBps') return formatShare(value as number);
    return MONEY.has(key) ? formatYuan(value as number) : value;
  };
  return csvDocument([COLUMNS.map(([, title]) => title), ...days.map((day) => COLUMNS.map(([key]) => cell(day, key)))]);
}
