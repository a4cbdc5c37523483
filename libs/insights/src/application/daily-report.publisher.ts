import { Injectable } from '@nestjs/common';
import { Db, pgArray, type Tx } from '@loyalty/database';
import {
  appendToOutbox,
  INSIGHTS_ALLIANCE_DAILY_REPORT_V1,
  INSIGHTS_DAILY_REPORT_V1,
  INSIGHTS_STORE_DAILY_REPORT_V1,
  type InsightsAllianceDailyReportV1,
  type InsightsDailyReportV1,
  type InsightsStoreDailyReportV1,
} from '@loyalty/events';
import type { RequestContext } from '@loyalty/shared';
import { ALLIANCE_TIME_ZONE } from './insights-access';
import { dailyReportRows } from './queries/daily-report.query';

export const INSIGHTS_OUTBOX_TABLE = 'insights.outbox_event';

/** What a daily report is published for: a merchant, an alliance (across its merchants), or one store of a merchant. */
interface ReportScope {
  scopeId: string;
  tenantId: string;
  kind: 'merchant' | 'alliance' | 'store';
  /** The store's merchant (a store's report is its merchant's figures for that store). */
  merchantId: string | null;
  timeZone: string;
  day: string;
}

/**
 * Publishes each merchant's daily report (insights.daily-report.v1), each store's
 * (insights.store-daily-report.v1, in its merchant's calendar) and each alliance's across its
 * merchants (insights.alliance-daily-report.v1, the alliance's day in ALLIANCE_TIME_ZONE) once its
 * local day is over: yesterday's, once (claimed by a row per scope and day, so several instances
 * publish it once). Notifications e-mails them to the merchant's staff, the store's report address
 * and the alliance operator.
 */
@Injectable()
export class DailyReportPublisher {
  constructor(private readonly db: Db) {}

  /** Publishes the reports due at `now` (of these merchants, stores and alliances only, when given); returns how many. */
  async publish(now: Date = new Date(), scopeIds?: readonly string[]): Promise<number> {
    // Each merchant, store and alliance whose yesterday (in its own zone) has no published report yet.
    const due = await this.db.asSystem((tx) =>
      tx.execute<ReportScope[]>(
        `with scopes as (
           select id as "scopeId", tenant_id as "tenantId", 'merchant' as kind, id as "merchantId", time_zone as "timeZone" from insights.merchant
           union
           select s.id, s.tenant_id, 'store', s.merchant_id, m.time_zone from insights.store s join insights.merchant m on m.id = s.merchant_id
           union
           select alliance_id, alliance_id, 'alliance', null, ?::text from insights.merchant where alliance_id is not null
         )
         select s.*, to_char(d.day, 'YYYY-MM-DD') as day
         from scopes s cross join lateral (select ((?::timestamptz at time zone s."timeZone")::date - 1) as day) d
         where (?::uuid[] is null or s."scopeId" = any(?::uuid[]))
           and not exists (select 1 from insights.daily_report_published p where p.merchant_id = s."scopeId" and p.day = d.day)`,
        [ALLIANCE_TIME_ZONE, now, scopeIds ? pgArray(scopeIds) : null, scopeIds ? pgArray(scopeIds) : null],
      ),
    );
    let published = 0;
    for (const scope of due) {
      const done = await this.db.asSystem(async (tx) => {
        const claimed = await tx.execute('insert into insights.daily_report_published (merchant_id, day, published_at) values (?, ?, ?) on conflict do nothing returning day', [
          scope.scopeId,
          scope.day,
          now,
        ]);
        if (claimed.length === 0) return false;
        await appendToOutbox(tx, this.contextOf(scope), [{ ...(await this.reportEvent(tx, scope)), key: scope.merchantId ?? scope.scopeId }], INSIGHTS_OUTBOX_TABLE);
        return true;
      });
      if (done) published++;
    }
    return published;
  }

  private async reportEvent(tx: Tx, { kind, scopeId, tenantId, merchantId, timeZone, day }: ReportScope): Promise<{ type: string; payload: object }> {
    if (kind === 'alliance') {
      const [row] = await dailyReportRows(tx, { scopeId, tenantId, kind }, null, day, day, timeZone);
      return { type: INSIGHTS_ALLIANCE_DAILY_REPORT_V1, payload: { ...row, allianceId: scopeId, timeZone } satisfies InsightsAllianceDailyReportV1 };
    }
    const [row] = await dailyReportRows(tx, { scopeId: merchantId!, tenantId, kind: 'merchant' }, kind === 'store' ? scopeId : null, day, day, timeZone);
    return kind === 'store'
      ? { type: INSIGHTS_STORE_DAILY_REPORT_V1, payload: { ...row, merchantId: merchantId!, storeId: scopeId, timeZone } satisfies InsightsStoreDailyReportV1 }
      : { type: INSIGHTS_DAILY_REPORT_V1, payload: { ...row, merchantId: scopeId, timeZone } satisfies InsightsDailyReportV1 };
  }

  private contextOf(scope: ReportScope): RequestContext {
    return {
      tenantId: scope.tenantId,
      merchantId: scope.merchantId,
      storeId: scope.kind === 'store' ? scope.scopeId : null,
      actorId: 'system',
      roles: ['PLATFORM_ADMIN'],
      correlationId: `daily-report-${scope.day}`,
    };
  }
}
