import { Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { appendToOutbox, INSIGHTS_DAILY_REPORT_V1, type InsightsDailyReportV1 } from '@loyalty/events';
import type { RequestContext } from '@loyalty/shared';
import { dailyReportRows } from './queries/daily-report.query';

export const INSIGHTS_OUTBOX_TABLE = 'insights.outbox_event';

/**
 * Publishes each merchant's daily report (insights.daily-report.v1) once its local day is over:
 * yesterday's, in the merchant's zone, once (claimed by a row per merchant and day, so several
 * instances publish it once). Notifications e-mails it to the merchant's staff.
 */
@Injectable()
export class DailyReportPublisher {
  constructor(private readonly db: Db) {}

  /** Publishes the reports due at `now` (of these merchants only, when given); returns how many. */
  async publish(now: Date = new Date(), merchantIds?: readonly string[]): Promise<number> {
    // Each merchant whose yesterday (in its own zone) has no published report yet.
    const due = await this.db.asSystem((tx) =>
      tx.execute<{ id: string; tenantId: string; timeZone: string; day: string }[]>(
        `select m.id, m.tenant_id as "tenantId", m.time_zone as "timeZone", to_char(d.day, 'YYYY-MM-DD') as day
         from insights.merchant m cross join lateral (select ((?::timestamptz at time zone m.time_zone)::date - 1) as day) d
         where (?::uuid[] is null or m.id = any(?::uuid[]))
           and not exists (select 1 from insights.daily_report_published p where p.merchant_id = m.id and p.day = d.day)`,
        [now, merchantIds ? pgArray(merchantIds) : null, merchantIds ? pgArray(merchantIds) : null],
      ),
    );
    let published = 0;
    for (const { day, ...merchant } of due) {
      const done = await this.db.asSystem(async (tx) => {
        const claimed = await tx.execute('insert into insights.daily_report_published (merchant_id, day, published_at) values (?, ?, ?) on conflict do nothing returning day', [
          merchant.id,
          day,
          now,
        ]);
        if (claimed.length === 0) return false;
        const [row] = await dailyReportRows(tx, { scopeId: merchant.id, tenantId: merchant.tenantId, kind: 'merchant' }, null, day, day, merchant.timeZone);
        const ctx: RequestContext = { tenantId: merchant.tenantId, merchantId: merchant.id, storeId: null, actorId: 'system', roles: ['PLATFORM_ADMIN'], correlationId: `daily-report-${day}` };
        await appendToOutbox(
          tx,
          ctx,
          [{ type: INSIGHTS_DAILY_REPORT_V1, key: merchant.id, payload: { ...row, merchantId: merchant.id, timeZone: merchant.timeZone } satisfies InsightsDailyReportV1 }],
          INSIGHTS_OUTBOX_TABLE,
        );
        return true;
      });
      if (done) published++;
    }
    return published;
  }
}
