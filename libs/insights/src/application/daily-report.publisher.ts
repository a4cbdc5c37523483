import { Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { appendToOutbox, INSIGHTS_ALLIANCE_DAILY_REPORT_V1, INSIGHTS_DAILY_REPORT_V1, type InsightsAllianceDailyReportV1, type InsightsDailyReportV1 } from '@loyalty/events';
import type { RequestContext } from '@loyalty/shared';
import { ALLIANCE_TIME_ZONE } from './insights-access';
import { dailyReportRows } from './queries/daily-report.query';
import type { RfmScope } from './rfm-engine';

export const INSIGHTS_OUTBOX_TABLE = 'insights.outbox_event';

/**
 * Publishes each merchant's daily report (insights.daily-report.v1) and each alliance's across its
 * merchants (insights.alliance-daily-report.v1, the alliance's day in ALLIANCE_TIME_ZONE) once its
 * local day is over: yesterday's, once (claimed by a row per scope and day, so several instances
 * publish it once). Notifications e-mails them to the merchant's staff and the alliance operator.
 */
@Injectable()
export class DailyReportPublisher {
  constructor(private readonly db: Db) {}

  /** Publishes the reports due at `now` (of these merchants and alliances only, when given); returns how many. */
  async publish(now: Date = new Date(), scopeIds?: readonly string[]): Promise<number> {
    // Each merchant and alliance whose yesterday (in its own zone) has no published report yet.
    const due = await this.db.asSystem((tx) =>
      tx.execute<(RfmScope & { timeZone: string; day: string })[]>(
        `with scopes as (
           select id as "scopeId", tenant_id as "tenantId", 'merchant' as kind, time_zone as "timeZone" from insights.merchant
           union
           select alliance_id, alliance_id, 'alliance', ?::text from insights.merchant where alliance_id is not null
         )
         select s.*, to_char(d.day, 'YYYY-MM-DD') as day
         from scopes s cross join lateral (select ((?::timestamptz at time zone s."timeZone")::date - 1) as day) d
         where (?::uuid[] is null or s."scopeId" = any(?::uuid[]))
           and not exists (select 1 from insights.daily_report_published p where p.merchant_id = s."scopeId" and p.day = d.day)`,
        [ALLIANCE_TIME_ZONE, now, scopeIds ? pgArray(scopeIds) : null, scopeIds ? pgArray(scopeIds) : null],
      ),
    );
    let published = 0;
    for (const { day, timeZone, ...scope } of due) {
      const done = await this.db.asSystem(async (tx) => {
        const claimed = await tx.execute('insert into insights.daily_report_published (merchant_id, day, published_at) values (?, ?, ?) on conflict do nothing returning day', [
          scope.scopeId,
          day,
          now,
        ]);
        if (claimed.length === 0) return false;
        const [row] = await dailyReportRows(tx, scope, null, day, day, timeZone);
        const merchant = scope.kind === 'merchant';
        const ctx: RequestContext = {
          tenantId: scope.tenantId,
          merchantId: merchant ? scope.scopeId : null,
          storeId: null,
          actorId: 'system',
          roles: ['PLATFORM_ADMIN'],
          correlationId: `daily-report-${day}`,
        };
        const event = merchant
          ? { type: INSIGHTS_DAILY_REPORT_V1, payload: { ...row, merchantId: scope.scopeId, timeZone } satisfies InsightsDailyReportV1 }
          : { type: INSIGHTS_ALLIANCE_DAILY_REPORT_V1, payload: { ...row, allianceId: scope.scopeId, timeZone } satisfies InsightsAllianceDailyReportV1 };
        await appendToOutbox(tx, ctx, [{ ...event, key: scope.scopeId }], INSIGHTS_OUTBOX_TABLE);
        return true;
      });
      if (done) published++;
    }
    return published;
  }
}
