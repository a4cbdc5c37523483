import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import type { InsightsDailyReportV1 } from '@loyalty/events';
import { csvDocument, formatYuan, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveScope } from '../insights-access';
import { dailyReportInput } from '../insights-inputs';
import { named } from '../named-params';
import type { RfmScope } from '../rfm-engine';

/** One local day of a store's, merchant's or alliance's business, with the trend: the fields the published report carries. */
export type DailyReportRow = Omit<InsightsDailyReportV1, 'merchantId' | 'timeZone'>;

export interface DailyReport {
  scopeId: string;
  scope: string;
  storeId: string | null;
  timeZone: string;
  rows: DailyReportRow[];
}

/**
 * The report's rows for local days `from`..`to` (inclusive) of a scope (one store of it, when given):
 * one statement over the service's own facts, each day with the trend of the days before.
 */
export async function dailyReportRows(tx: Tx, scope: RfmScope, storeId: string | null, from: string, to: string, timeZone: string): Promise<DailyReportRow[]> {
  const column = scope.kind === 'merchant' ? 'merchant_id' : 'tenant_id';
  const where = `${column} = :scope and (:store::uuid is null or store_id = :store::uuid)`;
  const values = { scope: scope.scopeId, store: storeId, from, to, tz: timeZone };
  const statement = named(
    `
    with bounds as (select (:from::date - 7)::timestamp at time zone :tz as start, (:to::date + 1)::timestamp at time zone :tz as finish),
    days as (select d::date as day from generate_series(:from::date - 7, :to::date, interval '1 day') as d),
    sales as (
      select (happened_at at time zone :tz)::date as day,
             count(*) filter (where kind = 'purchase') as purchases,
             coalesce(sum(amount_fen) filter (where kind = 'purchase'), 0) as sales,
             coalesce(sum(amount_fen) filter (where kind = 'reversal'), 0) as refunds,
             count(distinct member_id) filter (where kind = 'purchase') as buyers
      from insights.purchase_fact, bounds where ${where} and happened_at >= bounds.start and happened_at < bounds.finish group by 1),
    points as (
      select (happened_at at time zone :tz)::date as day,
             coalesce(sum(points) filter (where kind = 'earned'), 0) as earned, coalesce(sum(points) filter (where kind = 'redeemed'), 0) as redeemed,
             coalesce(sum(points) filter (where kind = 'reversed'), 0) as reversed, coalesce(sum(points) filter (where kind = 'expired'), 0) as expired
      from insights.points_fact, bounds where ${where} and happened_at >= bounds.start and happened_at < bounds.finish group by 1),
    registrations as (
      select (registered_at at time zone :tz)::date as day, count(*) as members
      from insights.member_registration, bounds where ${where} and registered_at >= bounds.start and registered_at < bounds.finish group by 1),
    daily as (
      select d.day, coalesce(s.purchases, 0) as purchases, coalesce(s.sales, 0) as sales, coalesce(s.refunds, 0) as refunds,
             coalesce(s.sales, 0) - coalesce(s.refunds, 0) as net, coalesce(s.buyers, 0) as buyers, coalesce(r.members, 0) as new_members,
             coalesce(p.earned, 0) as earned, coalesce(p.redeemed, 0) as redeemed, coalesce(p.reversed, 0) as reversed, coalesce(p.expired, 0) as expired
      from days d left join sales s on s.day = d.day left join points p on p.day = d.day left join registrations r on r.day = d.day),
    trended as (
      select *, coalesce(lag(net) over w, 0) as previous_net,
             floor(coalesce(sum(net) over (w rows between 7 preceding and 1 preceding), 0) / 7.0) as trailing_net
      from daily window w as (order by day))
    select to_char(day, 'YYYY-MM-DD') as day, purchases::int as purchases, sales::int8 as "salesFen", refunds::int8 as "refundsFen", net::int8 as "netSalesFen",
           buyers::int as buyers, new_members::int as "newMembers", earned::int8 as "pointsEarned", redeemed::int8 as "pointsRedeemed",
           reversed::int8 as "pointsReversed", expired::int8 as "pointsExpired", previous_net::int8 as "previousDayNetSalesFen",
           trailing_net::int8 as "trailing7DayNetSalesFen"
    from trended where day >= :from::date order by day`,
    values,
  );
  const rows = await tx.execute<DailyReportRow[]>(statement.sql, statement.params);
  const numeric = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === 'day' ? value : Number(value)])),
  ) as unknown as DailyReportRow[];
  return numeric;
}

export class GetDailyReportQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * 营业日报: per local day, member sales (purchases that earned points) and refunds as they
 * happened, buyers, new members, points earned, redeemed, taken back and expired, and the trend
 * against the day before and the week before; one statement over the service's own facts.
 */
@QueryHandler(GetDailyReportQuery)
export class GetDailyReportHandler implements IQueryHandler<GetDailyReportQuery, DailyReport> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: GetDailyReportQuery): Promise<DailyReport> {
    const data = parseInput(dailyReportInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, data.merchantId);
      const [zone] = await tx.execute<{ timeZone: string }[]>('select time_zone as "timeZone" from insights.merchant where id = ?', [scope.scopeId]);
      const timeZone = data.timeZone ?? zone?.timeZone ?? 'Asia/Shanghai';
      const rows = await dailyReportRows(tx, scope, data.storeId ?? null, data.from, data.to, timeZone);
      return { scopeId: scope.scopeId, scope: scope.kind, storeId: data.storeId ?? null, timeZone, rows };
    });
  }
}

const COLUMNS: [keyof DailyReportRow, string][] = [
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
];
const MONEY = new Set<keyof DailyReportRow>(['salesFen', 'refundsFen', 'netSalesFen', 'previousDayNetSalesFen', 'trailing7DayNetSalesFen']);

/** The report for a spreadsheet: money in yuan, one row per day. */
export function dailyReportCsv(report: DailyReport): string {
  return csvDocument([COLUMNS.map(([, title]) => title), ...report.rows.map((row) => COLUMNS.map(([key]) => (MONEY.has(key) ? formatYuan(row[key] as number) : row[key])))]);
}
