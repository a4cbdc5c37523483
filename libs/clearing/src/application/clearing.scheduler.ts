import { Inject, Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { OutboxRelay } from '@loyalty/events';
import { DomainError, type RequestContext, systemContext, TenantScopedJob } from '@loyalty/shared';
import { nextBoundary, periodStartOf } from '../domain/clearing-period';
import { SCHEME_COLUMNS, type SchemeRow } from './clearing-access';
import { ClearingRunner } from './clearing-runner';

export const CLEARING_SCHEDULE_INTERVAL_MS = Symbol('CLEARING_SCHEDULE_INTERVAL_MS');

/**
 * Scheduled clearing: each tick runs every closed period of each scheduled scheme (daily, weekly,
 * monthly in its zone) that has no run yet, from where the last run ended (a scheme's first
 * scheduled run clears the last closed period). Several instances may tick at once: the runner
 * serialises runs of a scheme and returns an existing run, so each period is cleared once.
 */
@Injectable()
export class ClearingScheduler extends TenantScopedJob<number> {
  constructor(
    private readonly db: Db,
    private readonly runner: ClearingRunner,
    private readonly relay: OutboxRelay,
    @Inject(CLEARING_SCHEDULE_INTERVAL_MS) intervalMs: number,
  ) {
    super(intervalMs);
  }

  /** Runs what is due as of `now` (for the schemes of `tenantIds` only, when given); returns how many runs it asked for. */
  protected async passFor(now: Date, tenantIds?: readonly string[]): Promise<number> {
    const tenants = tenantIds ? pgArray(tenantIds) : null;
    const schemes = await this.db.asSystem((tx) =>
      tx.execute<SchemeRow[]>(`select ${SCHEME_COLUMNS} from clearing.scheme where schedule is not null and (?::uuid[] is null or tenant_id = any(?::uuid[]))`, [tenants, tenants]),
    );
    let runs = 0;
    for (const scheme of schemes) runs += await this.runDue(scheme, now);
    if (runs > 0) this.relay.wake();
    return runs;
  }

  private async runDue(scheme: SchemeRow, now: Date): Promise<number> {
    const schedule = scheme.schedule!;
    const [last] = await this.db.asSystem((tx) =>
      tx.execute<{ periodEnd: string }[]>('select period_end as "periodEnd" from clearing.run where scheme_id = ? order by period_end desc limit 1', [scheme.id]),
    );
    let start = last ? new Date(last.periodEnd) : periodStartOf(schedule, new Date(periodStartOf(schedule, now, scheme.timeZone).getTime() - 1), scheme.timeZone);
    const ctx: RequestContext = { ...systemContext(`clearing-schedule-${now.toISOString()}`), tenantId: scheme.tenantId };
    let runs = 0;
    for (let end = nextBoundary(schedule, start, scheme.timeZone); end <= now; end = nextBoundary(schedule, start, scheme.timeZone)) {
      try {
        await this.runner.run(ctx, { schemeId: scheme.id, periodStart: start, periodEnd: end, trigger: 'scheduled' });
        runs++;
      } catch (error) {
        // A scheme that cannot be cleared yet (terms missing) must not stop the others.
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn({ schemeId: scheme.id, code: error.code, details: error.details }, 'scheduled clearing run refused');
        return runs;
      }
      start = end;
    }
    return runs;
  }
}
