import { Inject, Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { IntervalJob } from '@loyalty/shared';
import { CouponCampaignRunner } from './coupon-campaign.runner';
import { DailyReportPublisher } from './daily-report.publisher';
import { RfmEngine, type RfmScope, scopeLockKey } from './rfm-engine';
import { TagFacts } from './tag-facts';

export const INSIGHTS_SCHEDULE = Symbol('INSIGHTS_SCHEDULE');
export interface InsightsSchedule {
  /** How often due full recomputes are looked for; 0 turns them off. */
  intervalMs: number;
  /** A scope is recomputed in full when its last full run is older than this. */
  fullRefreshMs: number;
}

/**
 * The scheduled work: daily reports of the days just over (DailyReportPublisher), coupon campaigns
 * an earlier process left running (CouponCampaignRunner), and the full
 * recompute: every scope whose last full run was as of longer ago than the
 * refresh period (or as of a moment in the past, a what-if) is recomputed as of now (new breakpoints and averages, everyone's recency moved on),
 * and its tags' plugin facts counted again. Several
 * instances may tick at once: a scope is taken under a transaction-scoped advisory lock and
 * skipped by whoever does not get it.
 */
@Injectable()
export class InsightsScheduler extends IntervalJob<number> {
  constructor(
    private readonly db: Db,
    private readonly engine: RfmEngine,
    private readonly reports: DailyReportPublisher,
    private readonly relay: OutboxRelay,
    private readonly campaigns: CouponCampaignRunner,
    private readonly facts: TagFacts,
    @Inject(INSIGHTS_SCHEDULE) private readonly schedule: InsightsSchedule,
  ) {
    super(schedule.intervalMs);
  }

  /** The due full recomputes, the reports of the days just over, and campaigns left running (a restart); returns the scopes recomputed. */
  protected async pass(now: Date): Promise<number> {
    const recomputed = await this.tick(now);
    if ((await this.reports.publish()) > 0) this.relay.wake();
    await this.campaigns.resume();
    return recomputed;
  }

  /** Recomputes what is due as of `now` (of these scopes only, when given); returns how many scopes it recomputed. */
  async tick(now: Date = new Date(), scopeIds?: readonly string[]): Promise<number> {
    const dueBefore = new Date(now.getTime() - this.schedule.fullRefreshMs);
    const due = await this.db.asSystem((tx) =>
      tx.execute<RfmScope[]>(
        `select scope_id as "scopeId", tenant_id as "tenantId", scope as kind from insights.rfm_run
         where as_of <= ? and (?::uuid[] is null or scope_id = any(?::uuid[])) order by as_of`,
        [dueBefore, scopeIds ? pgArray(scopeIds) : null, scopeIds ? pgArray(scopeIds) : null],
      ),
    );
    let done = 0;
    for (const scope of due) {
      const recomputed = await this.db.asSystem(async (tx) => {
        const [{ locked }] = await tx.execute<{ locked: boolean }[]>(`select pg_try_advisory_xact_lock(${scopeLockKey('?')}) as locked`, [scope.scopeId]);
        if (!locked) return false;
        const [still] = await tx.execute('select 1 from insights.rfm_run where scope_id = ? and as_of <= ?', [scope.scopeId, dueBefore]);
        if (!still) return false;
        await this.engine.recomputeIn(tx, scope, now);
        return true;
      });
      if (recomputed) {
        await this.facts.refresh({ scopeIds: [scope.scopeId] }, now);
        done++;
      }
    }
    return done;
  }
}
