import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { dailyReportDaysCsv, type DailyReportFiguresV1 } from '@loyalty/events';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { ALLIANCE_TIME_ZONE, resolveScope } from '../insights-access';
import { dailyReportInput } from '../insights-inputs';
import { named } from '../named-params';
import type { RfmScope } from '../rfm-engine';

/** One local day of a store's, merchant's or alliance's business, with the trend: the figures the published report carries. */
export type DailyReportRow = Required<Omit<DailyReportFiguresV1, 'timeZone'>>;

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
             coalesce(sum(points) filter (where kind = 'earned'), 0) as earned, coalesce(sum(points) filter (where kind = 'redeemed'), 0) - coalesce(sum(points) filter (where kind = 'redemption_reversed'), 0) as redeemed,
             coalesce(sum(points) filter (where kind = 'reversed'), 0) as reversed, coalesce(sum(points) filter (where kind = 'expired'), 0) as expired
      from insights.points_fact, bounds where ${where} and happened_at >= bounds.start and happened_at < bounds.finish group by 1),
    registrations as (
      select (registered_at at time zone :tz)::date as day, count(*) as members
      from insights.member_registration, bounds where ${where} and registered_at >= bounds.start and registered_at < bounds.finish group by 1),
    stored as (
      select (happened_at at time zone :tz)::date as day,
             coalesce(sum(principal_delta_fen) filter (where kind in ('recharge', 'recharge_refund')), 0) as recharged,
             coalesce(-sum(principal_delta_fen + bonus_delta_fen) filter (where kind in ('payment', 'payment_refund')), 0) as used
      from insights.stored_value_fact, bounds where ${where} and happened_at >= bounds.start and happened_at < bounds.finish group by 1),
    coupons as (
      select (happened_at at time zone :tz)::date as day, count(*) filter (where kind = 'issued') as issued, -- Uses net of coupons given back by a full refund, on the day each happened (as refunds are).
             count(*) filter (where kind = 'used') - count(*) filter (where kind = 'returned') as used
      from insights.coupon_fact, bounds where ${where} and happened_at >= bounds.start and happened_at < bounds.finish group by 1),
    -- Member share: members' net sales at the stores that reported the day, over what those stores reported (walk-ins included).
    store_days as (select day, store_id, sales_fen from insights.store_sales where ${where} and day between :from::date and :to::date),
    reported as (select day, sum(sales_fen) as total from store_days group by day),
    member_at_reported as (
      select s.day, sum(case f.kind when 'purchase' then f.amount_fen else -f.amount_fen end) as net
      from store_days s join insights.purchase_fact f
        on f.store_id = s.store_id and f.happened_at >= s.day::timestamp at time zone :tz and f.happened_at < (s.day + 1)::timestamp at time zone :tz
      where f.${column} = :scope group by s.day),
    daily as (
      select d.day, coalesce(s.purchases, 0) as purchases, coalesce(s.sales, 0) as sales, coalesce(s.refunds, 0) as refunds,
             coalesce(s.sales, 0) - coalesce(s.refunds, 0) as net, coalesce(s.buyers, 0) as buyers, coalesce(r.members, 0) as new_members,
             coalesce(p.earned, 0) as earned, coalesce(p.redeemed, 0) as redeemed, coalesce(p.reversed, 0) as reversed, coalesce(p.expired, 0) as expired,
             coalesce(sv.recharged, 0) as recharged, coalesce(sv.used, 0) as stored_used, coalesce(c.issued, 0) as coupons_issued, coalesce(c.used, 0) as coupons_used,
             rp.total as reported, case when rp.total > 0 then floor(coalesce(ma.net, 0) * 10000.0 / rp.total) end as member_share
      from days d left join sales s on s.day = d.day left join points p on p.day = d.day left join registrations r on r.day = d.day
        left join stored sv on sv.day = d.day left join coupons c on c.day = d.day left join reported rp on rp.day = d.day left join member_at_reported ma on ma.day = d.day),
    trended as (
      select *, coalesce(lag(net) over w, 0) as previous_net,
             floor(coalesce(sum(net) over (w rows between 7 preceding and 1 preceding), 0) / 7.0) as trailing_net
      from daily window w as (order by day))
    select to_char(day, 'YYYY-MM-DD') as day, purchases::int as purchases, sales::int8 as "salesFen", refunds::int8 as "refundsFen", net::int8 as "netSalesFen",
           buyers::int as buyers, new_members::int as "newMembers", earned::int8 as "pointsEarned", redeemed::int8 as "pointsRedeemed",
           reversed::int8 as "pointsReversed", expired::int8 as "pointsExpired", previous_net::int8 as "previousDayNetSalesFen",
           trailing_net::int8 as "trailing7DayNetSalesFen", recharged::int8 as "storedValueRechargedFen", stored_used::int8 as "storedValueUsedFen",
           coupons_issued::int as "couponsIssued", coupons_used::int as "couponsUsed", reported::int8 as "reportedSalesFen", member_share::int8 as "memberShareBps"
    from trended where day >= :from::date order by day`,
    values,
  );
  const rows = await tx.execute<DailyReportRow[]>(statement.sql, statement.params);
  const numeric = rows.map((row) =>
    Object.fromEntries(Object.entries(row).map(([key, value]) => [key, key === 'day' || value === null ? value : Number(value)])),
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
 * happened, buyers, new members, points earned, redeemed, taken back and expired, stored value
 * recharged and used, coupons issued and used, all sales the stores reported and the members'
 * share of them, and the trend against the day before and the week before; one statement over the
 * service's own facts.
 */
@QueryHandler(GetDailyReportQuery)
export class GetDailyReportHandler implements IQueryHandler<GetDailyReportQuery, DailyReport> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: GetDailyReportQuery): Promise<DailyReport> {
    const data = parseInput(dailyReportInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, data.merchantId);
      const [zone] = await tx.execute<{ timeZone: string }[]>('select time_zone as "timeZone" from insights.merchant where id = ?', [scope.scopeId]);
      const timeZone = data.timeZone ?? zone?.timeZone ?? ALLIANCE_TIME_ZONE;
      const rows = await dailyReportRows(tx, scope, data.storeId ?? null, data.from, data.to, timeZone);
      return { scopeId: scope.scopeId, scope: scope.kind, storeId: data.storeId ?? null, timeZone, rows };
    });
  }
}

/** The report for a spreadsheet: money in yuan, one row per day (the published contract's CSV, as the e-mails attach it). */
export const dailyReportCsv = (report: DailyReport): string => dailyReportDaysCsv(report.rows);
