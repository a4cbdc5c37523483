import { Injectable } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Db, pgArray } from '@loyalty/database';
import { MemberMeasuresQuery } from '@loyalty/programme';
import { unprocessable } from '@loyalty/shared';
import type { RfmScope } from './rfm-engine';

/** Members asked about per query: the measure's SQL takes them as one array. */
const CHUNK = 5_000;
const DAY_MS = 86_400_000;

/**
 * The plugin facts tag rules name (a plugin's measure, `hotel.nights`). Insights never reads the
 * plugins' tables: it asks for the values over the query bus (`MemberMeasuresQuery`, answered where
 * the plugins run, in that side's own transaction) and keeps them in its own schema per tag and
 * member (`insights.tag_fact_value`) when tags are refreshed; HAS_TAG compares those. So, like
 * campaigns to segments, it needs the programme and plugins in the same process (the platform).
 */
@Injectable()
export class TagFacts {
  constructor(
    private readonly db: Db,
    private readonly queries: QueryBus,
  ) {}

  /** TAG_FACT_UNKNOWN (422) unless a loaded plugin provides the fact. */
  async check(scope: RfmScope, fact: string): Promise<void> {
    const values = await this.values(scope, fact, [], null, new Date());
    if (values === null) throw unprocessable('TAG_FACT_UNKNOWN', `No loaded plugin provides the fact ${fact}`, { fact });
  }

  /**
   * Counts the facts of the rule tags that name one (of these scopes, or these tags) for the scope's
   * members as of `asOf`, and replaces the values kept; returns how many tags it refreshed. A fact
   * no plugin provides any more counts 0 for everyone.
   */
  async refresh(filter: { scopeIds?: readonly string[]; tagIds?: readonly string[] }, asOf: Date = new Date()): Promise<number> {
    const tags = await this.db.asSystem((tx) =>
      tx.execute<{ id: string; tenantId: string; scopeId: string; fact: string; windowDays: number | null; memberIds: string[] }[]>(
        `select t.id, t.tenant_id as "tenantId", t.scope_id as "scopeId", t.fact, t.fact_window_days as "windowDays",
                array(select r.member_id from insights.member_rfm r where r.scope_id = t.scope_id order by r.member_id) as "memberIds"
         from insights.tag t where t.fact is not null and (?::uuid[] is null or t.scope_id = any(?::uuid[])) and (?::uuid[] is null or t.id = any(?::uuid[]))`,
        [...[filter.scopeIds, filter.scopeIds, filter.tagIds, filter.tagIds].map((ids) => (ids ? pgArray(ids) : null))],
      ),
    );
    for (const tag of tags) {
      const scope: RfmScope = { scopeId: tag.scopeId, tenantId: tag.tenantId, kind: tag.scopeId === tag.tenantId ? 'alliance' : 'merchant' };
      const since = tag.windowDays === null ? null : new Date(asOf.getTime() - tag.windowDays * DAY_MS);
      const counted = new Map<string, number>();
      for (let i = 0; i < tag.memberIds.length; i += CHUNK) {
        for (const [memberId, value] of (await this.values(scope, tag.fact, tag.memberIds.slice(i, i + CHUNK), since, asOf)) ?? []) {
          if (value !== 0) counted.set(memberId, value);
        }
      }
      await this.db.asSystem(async (tx) => {
        await tx.execute('delete from insights.tag_fact_value where tag_id = ?', [tag.id]);
        await tx.execute(
          `insert into insights.tag_fact_value (tag_id, member_id, tenant_id, scope_id, value)
           select ?, m, ?, ?, v from unnest(?::uuid[], ?::int8[]) as u(m, v)`,
          [tag.id, tag.tenantId, tag.scopeId, pgArray([...counted.keys()]), pgArray([...counted.values()])],
        );
        await tx.execute('update insights.tag set facts_refreshed_at = ? where id = ?', [asOf, tag.id]);
      });
    }
    return tags.length;
  }

  private values(scope: RfmScope, measure: string, memberIds: readonly string[], since: Date | null, asOf: Date): Promise<Map<string, number> | null> {
    const merchantId = scope.kind === 'merchant' ? scope.scopeId : null;
    return this.queries.execute(new MemberMeasuresQuery({ tenantId: scope.tenantId, merchantId, measure, memberIds, since, asOf }));
  }
}
