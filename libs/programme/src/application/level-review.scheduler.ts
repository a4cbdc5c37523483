import { Inject, Injectable } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { systemContext, TenantScopedJob } from '@loyalty/shared';
import { LevelSchemeSchema } from '../domain/level-scheme.entity';
import { qualifyingLevel } from '../domain/level-rules';
import { type LevelChange, LevelEngine } from './level-engine';

export const LEVEL_REVIEW_INTERVAL_MS = Symbol('LEVEL_REVIEW_INTERVAL_MS');

/** Members reviewed per transaction. */
const REVIEW_BATCH = 500;

/**
 * 保级: on schedule, every level whose validity has run out is measured again as of that moment.
 * A member who still qualifies keeps the level (or rises) for another validity period; one who
 * does not drops to the highest level they do qualify for. Each outcome is in the level history.
 * Safe with several instances and alongside purchases: members are reviewed under their level locks.
 */
@Injectable()
export class LevelReviewScheduler extends TenantScopedJob<{ retained: number; downgraded: number; upgraded: number }> {
  constructor(
    private readonly db: Db,
    private readonly levels: LevelEngine,
    @Inject(LEVEL_REVIEW_INTERVAL_MS) intervalMs: number,
  ) {
    super(intervalMs);
  }

  /** Reviews every level due by `asOf` (of `tenantIds` only, when given); returns how many were retained, lowered and raised. */
  protected async passFor(asOf: Date, tenantIds?: readonly string[]): Promise<{ retained: number; downgraded: number; upgraded: number }> {
    const tenants = tenantIds ? pgArray(tenantIds) : null;
    const totals = { retained: 0, downgraded: 0, upgraded: 0 };
    for (;;) {
      const reviewed = await this.db.asSystem(async (tx) => {
        const due = await tx.execute<{ schemeId: string; memberId: string }[]>(
          `select scheme_id as "schemeId", member_id as "memberId" from member_level
           where valid_until <= ? and (?::uuid[] is null or tenant_id = any(?::uuid[])) order by valid_until limit ${REVIEW_BATCH}`,
          [asOf, tenants, tenants],
        );
        const bySchemes = new Map<string, { memberId: string }[]>();
        for (const row of due) bySchemes.set(row.schemeId, [...(bySchemes.get(row.schemeId) ?? []), row]);
        const schemes = await tx.find(LevelSchemeSchema, { id: { $in: [...bySchemes.keys()] } });
        for (const scheme of schemes) {
          // Under the members' level locks (a purchase may be raising one), those still due.
          const current = await this.levels.levelsOf(
            tx,
            scheme,
            bySchemes.get(scheme.id)!.map((row) => row.memberId),
            true,
          );
          const memberIds = [...current.values()].filter((level) => level.validUntil && level.validUntil <= asOf).map((level) => level.memberId);
          const metrics = await this.levels.metricsOf(tx, scheme, memberIds, asOf);
          const changes: LevelChange[] = memberIds.map((memberId) => {
            const from = current.get(memberId)!.rank;
            const rank = qualifyingLevel(scheme.levels, metrics.get(memberId)!);
            const note = this.levels.explain(scheme.levels[rank], metrics.get(memberId)!);
            if (rank > from) return { memberId, toRank: rank, reason: 'UPGRADE', note: `保级: ${note}` };
            if (rank === from) return { memberId, toRank: rank, reason: 'RETAINED', note: `保级: ${note}` };
            return { memberId, toRank: rank, reason: 'DOWNGRADE', note: `保级 not met for ${scheme.levels[from].name}; qualifies for ${note}` };
          });
          for (const c of changes) totals[c.reason === 'UPGRADE' ? 'upgraded' : c.reason === 'RETAINED' ? 'retained' : 'downgraded']++;
          await this.levels.apply(tx, { ...systemContext(`level-review-${asOf.toISOString()}`), actorId: 'level-review' }, scheme, current, changes, asOf);
        }
        return due.length;
      });
      if (reviewed < REVIEW_BATCH) break;
    }
    if (totals.retained + totals.downgraded + totals.upgraded > 0) this.logger.log(totals, 'member levels reviewed');
    return totals;
  }
}
