import { Injectable } from '@nestjs/common';
import { Db, encodeBinaryArray, pgArray, type Tx } from '@loyalty/database';
import { named } from './named-params';
import { DEFAULT_RFM_SETTINGS, IMPORTANT_PURCHASES, IMPORTANT_SPAN_DAYS, QUINTILE_FRACTIONS, RFM_GROUPS, type RfmSettings } from '../domain/rfm';

/** The key of a scope's advisory lock, of the SQL expression giving the scope's id. */
export const scopeLockKey = (scopeIdSql: string) => `hashtext('insights.rfm:' || ${scopeIdSql})`;

/** What RFM is computed over: one merchant's purchases, or an alliance's across its merchants. */
export interface RfmScope {
  scopeId: string;
  tenantId: string;
  kind: 'merchant' | 'alliance';
}

export interface RfmRunSummary {
  scopeId: string;
  asOf: Date;
  members: number;
  computedAt: Date;
}

/** The settings columns of `insights.rfm_settings` under `alias`, named as RfmSettings' fields. */
const settingsColumns = (alias: string) => `${alias}.window_days as "windowDays", ${alias}.scoring, ${alias}.recency_breaks as "recencyBreaks",
  ${alias}.frequency_breaks as "frequencyBreaks", ${alias}.monetary_breaks as "monetaryBreaks", ${alias}.grouping,
  ${alias}.recency_high_days as "recencyHighDays", ${alias}.frequency_high as "frequencyHigh", ${alias}.monetary_high_fen as "monetaryHighFen",
  ${alias}.new_days as "newDays", ${alias}.decline_days as "declineDays", ${alias}.churn_days as "churnDays", ${alias}.mature_purchases as "maturePurchases"`;

/** A settings row as read (numeric arrays and int8 come as strings). */
function settingsOf(row: RfmSettings): RfmSettings {
  const numbers = (values: (number | string)[] | null) => values?.map(Number) ?? null;
  return {
    ...row,
    recencyBreaks: numbers(row.recencyBreaks),
    frequencyBreaks: numbers(row.frequencyBreaks),
    monetaryBreaks: numbers(row.monetaryBreaks),
    monetaryHighFen: row.monetaryHighFen === null ? null : Number(row.monetaryHighFen),
  };
}

/** A scope's settings, or the defaults; works under row-level security and as the system. */
export async function loadRfmSettings(tx: Tx, scopeId: string): Promise<RfmSettings> {
  const [row] = await tx.execute<RfmSettings[]>(`select ${settingsColumns('s')} from insights.rfm_settings s where s.scope_id = ?`, [scopeId]);
  return row ? settingsOf(row) : DEFAULT_RFM_SETTINGS;
}

/** One member's R, F, M and lifetime facts from the rows of `f` (their purchase facts in the scope up to :asOf). */
const MEASURES = `
  floor(extract(epoch from (:asOf::timestamptz - max(f.occurred_at) filter (where f.kind = 'purchase'))) / 86400)::int as recency_days,
  (count(*) filter (where f.kind = 'purchase' and f.occurred_at > :since::timestamptz))::int as frequency,
  coalesce(sum(case f.kind when 'purchase' then f.amount_fen else -f.amount_fen end) filter (where f.occurred_at > :since::timestamptz), 0)::int8 as monetary_fen,
  (count(*) filter (where f.kind = 'purchase'))::int as purchases_total,
  min(f.occurred_at) filter (where f.kind = 'purchase') as first_at,
  max(f.occurred_at) filter (where f.kind = 'purchase') as last_at`;

/**
 * Per member of the scope with a purchase up to :asOf (all of them, or those in :members): R in
 * days, F and M over the window, lifetime facts; tenure from the first purchase, or from the
 * registration in the scope when earlier. A member list drives the look-up one member at a time
 * through the (scope, member) index: as a filter over the scope's facts, a prepared statement's
 * generic plan compared every fact of the scope with every listed member.
 */
const measuresSql = (scopeColumn: string, members: boolean) => `
  select agg.member_id, recency_days, frequency, monetary_fen, purchases_total, first_at, last_at,
         floor(extract(epoch from (:asOf::timestamptz - least(first_at, coalesce(g.registered_at, first_at)))) / 86400)::int as tenure_days,
         floor(extract(epoch from (last_at - first_at)) / 86400)::int as span_days
  from ${
    members
      ? `unnest(:members::uuid[]) as k(member_id)
         cross join lateral (
           select k.member_id, ${MEASURES}
           from insights.purchase_fact f
           where f.${scopeColumn} = :scopeId::uuid and f.member_id = k.member_id and f.occurred_at <= :asOf::timestamptz
         ) agg`
      : `(
           select f.member_id, ${MEASURES}
           from insights.purchase_fact f
           where f.${scopeColumn} = :scopeId::uuid and f.occurred_at <= :asOf::timestamptz
           group by f.member_id
         ) agg`
  }
  left join insights.member_registration g on g.member_id = agg.member_id and g.${scopeColumn} = :scopeId::uuid
  where agg.purchases_total > 0`;

/**
 * The scored row of each member in `m`, against the breaks and sums in `b` (one row: rb, fb, mb,
 * n, sr, sf, sm): scores, group, lifecycle stage and simple segment, all in SQL.
 */
function scoredSql(s: RfmSettings): string {
  const score = (col: string, breaks: string, higherIsBetter: boolean) => {
    const above = [1, 2, 3, 4].map((i) => `(m.${col} > b.${breaks}[${i}])::int`).join(' + ');
    return higherIsBetter ? `(1 + ${above})` : `(5 - (${above}))`;
  };
  const high =
    s.grouping === 'average'
      ? { r: 'm.recency_days::int8 * b.n <= b.sr', f: 'm.frequency::int8 * b.n >= b.sf', m: 'm.monetary_fen::numeric * b.n >= b.sm' }
      : { r: 'm.recency_days <= :recencyHighDays', f: 'm.frequency >= :frequencyHigh', m: 'm.monetary_fen >= :monetaryHighFen' };
  const group = `case ${RFM_GROUPS.map((g) => `when (${high.r}) = ${g.r} and (${high.f}) = ${g.f} and (${high.m}) = ${g.m} then '${g.code}'`).join(' ')} end`;
  return `
    select m.member_id, m.recency_days, m.frequency, m.monetary_fen, m.purchases_total, m.first_at, m.last_at,
           ${score('recency_days', 'rb', false)} as r, ${score('frequency', 'fb', true)} as f, ${score('monetary_fen', 'mb', true)} as m,
           ${group} as rfm_group,
           case when m.recency_days > :churnDays then 'churned' when m.recency_days > :declineDays then 'declining'
                when m.tenure_days < :newDays then 'new' when m.purchases_total >= :maturePurchases then 'mature' else 'growing' end as lifecycle,
           case when m.tenure_days < :newDays then 'new' when m.purchases_total = 1 then 'lost'
                when m.purchases_total >= ${IMPORTANT_PURCHASES} or m.span_days > ${IMPORTANT_SPAN_DAYS} then 'important' else 'sleeping' end as segment
    from m cross join b`;
}

const INSERT_MEMBER_RFM = `insert into insights.member_rfm (scope_id, member_id, tenant_id, recency_days, frequency, monetary_fen, r, f, m, rfm_group, lifecycle,
  segment, purchases_total, first_purchase_at, last_purchase_at, computed_at)`;

const UPSERT_MEMBERS = `
  ${INSERT_MEMBER_RFM}
  select :scopeId::uuid, member_id, :tenantId::uuid, recency_days, frequency, monetary_fen, r, f, m, rfm_group, lifecycle, segment,
         purchases_total, first_at, last_at, :computedAt::timestamptz
  from scored
  on conflict (scope_id, member_id) do update set
    recency_days = excluded.recency_days, frequency = excluded.frequency, monetary_fen = excluded.monetary_fen, r = excluded.r, f = excluded.f,
    m = excluded.m, rfm_group = excluded.rfm_group, lifecycle = excluded.lifecycle, segment = excluded.segment,
    purchases_total = excluded.purchases_total, first_purchase_at = excluded.first_purchase_at, last_purchase_at = excluded.last_purchase_at,
    computed_at = excluded.computed_at`;

/** The member's purchases in the scope up to :asOf (whether there is one is all that is asked). */
const boughtSql = (scopeColumn: string) => `select 1 as found from insights.purchase_fact f
  where f.${scopeColumn} = :scopeId::uuid and f.member_id = g.member_id and f.kind = 'purchase' and f.occurred_at <= :asOf::timestamptz`;

/**
 * Members registered in the scope by :asOf who never bought in it (all of them, or those in
 * :members): no RFM measures, lifecycle stage and segment new (registered less than :newDays ago)
 * or registered. A member list is looked up one member at a time, the registration by its key; for
 * each registration the purchases are probed through the (scope, member) index, a lateral subquery
 * with a limit that the planner cannot turn into a join: as an anti-join, the plan made while an
 * import fills the facts table (its statistics still those of an empty table) compared every fact
 * of the scope with every member (468,160 comparisons, 80 ms, for 76 listed members in one logged
 * plan; 7.6 s for a full recompute after the real data set's import, auto_explain in a full test run).
 */
const upsertProspects = (scopeColumn: string, members: boolean) => `
  ${INSERT_MEMBER_RFM}
  select :scopeId::uuid, g.member_id, :tenantId::uuid, null, 0, 0, null, null, null, null, stage, stage, 0, null, null, :computedAt::timestamptz
  from ${
    members
      ? `unnest(:members::uuid[]) as k(member_id)
         cross join lateral (select * from insights.member_registration r where r.member_id = k.member_id limit 1) g`
      : 'insights.member_registration g'
  }
  left join lateral (${boughtSql(scopeColumn)} limit 1) bought on true
  cross join lateral (select case when floor(extract(epoch from (:asOf::timestamptz - g.registered_at)) / 86400) < :newDays then 'new' else 'registered' end as stage) s
  where g.${scopeColumn} = :scopeId::uuid and g.registered_at <= :asOf::timestamptz
    and bought.found is null
  on conflict (scope_id, member_id) do update set
    recency_days = null, frequency = 0, monetary_fen = 0, r = null, f = null, m = null, rfm_group = null, lifecycle = excluded.lifecycle,
    segment = excluded.segment, purchases_total = 0, first_purchase_at = null, last_purchase_at = null, computed_at = excluded.computed_at`;

function ruleValues(scope: RfmScope, s: RfmSettings, asOf: Date, computedAt: Date) {
  return {
    scopeId: scope.scopeId,
    tenantId: scope.tenantId,
    asOf,
    since: new Date(asOf.getTime() - s.windowDays * 86_400_000),
    computedAt,
    recencyHighDays: s.recencyHighDays,
    frequencyHigh: s.frequencyHigh,
    monetaryHighFen: s.monetaryHighFen,
    churnDays: s.churnDays,
    declineDays: s.declineDays,
    newDays: s.newDays,
    maturePurchases: s.maturePurchases,
  };
}

const scopeColumn = (scope: RfmScope) => (scope.kind === 'merchant' ? 'merchant_id' : 'tenant_id');

/**
 * Computes RFM, lifecycle stages and segments set-based in PostgreSQL: a full recompute of a scope
 * is one aggregate over its purchase facts (per member measures, into a temporary table, planned on
 * its own) and one statement that scores them (percentiles, scores, groups, lifecycle,
 * segments, the run's breakpoints and every member's row), one for the members registered in the
 * scope who never bought in it, and one that drops members no longer in the population; an
 * incremental refresh
 * re-scores only the members whose purchases just arrived against the last full run's breakpoints
 * and averages (so a member's row is current at once, and the scale moves on the next full run).
 */
@Injectable()
export class RfmEngine {
  constructor(private readonly db: Db) {}

  /**
   * Takes the scopes' locks until the transaction ends, always in one order (two takers cannot
   * deadlock): the re-scorings and recomputes of a scope then run one after the other, each reading
   * what the one before committed. Run side by side, a full recompute's clean-up deleted the row a
   * re-scoring had just written for a member whose facts it had not seen (the member left out of
   * segments until their next purchase: a flaky end-to-end test, 2026-12-06). The scheduler tries
   * the same lock and skips a scope it does not get.
   */
  async lockScopes(tx: Tx, scopeIds: readonly string[]): Promise<void> {
    if (scopeIds.length === 0) return;
    await tx.execute(`select pg_advisory_xact_lock(${scopeLockKey('s')}) from unnest(?::text[]) as s`, [encodeBinaryArray('text', [...new Set(scopeIds)].sort())]);
  }

  /** Full recompute of one scope as of a moment (default now), as the platform's own job. */
  recompute(scope: RfmScope, asOf: Date = new Date()): Promise<RfmRunSummary> {
    return this.db.asSystem((tx) => this.recomputeIn(tx, scope, asOf));
  }

  async recomputeIn(tx: Tx, scope: RfmScope, asOf: Date): Promise<RfmRunSummary> {
    await this.lockScopes(tx, [scope.scopeId]);
    const s = await loadRfmSettings(tx, scope.scopeId);
    const computedAt = new Date();
    const fractions = `array[${QUINTILE_FRACTIONS.join(', ')}]`;
    const breaks = (col: string, setBreaks: number[] | null, type: string) =>
      s.scoring === 'threshold' ? `'${pgArray(setBreaks!)}'::${type}[]` : `coalesce(percentile_disc(${fractions}) within group (order by ${col}), '{0,0,0,0}')::${type}[]`;
    const values = { ...ruleValues(scope, s, asOf, computedAt), kind: scope.kind, windowDays: s.windowDays };
    // The measures first, into a temporary table: planned on its own (a writing statement's query may not run in parallel).
    const measures = named(`create temp table insights_rfm_measures on commit drop as ${measuresSql(scopeColumn(scope), false)}`, values);
    await tx.execute(measures.sql, measures.params);
    const statement = named(
      `with m as (select * from insights_rfm_measures),
       b as (
         select count(*)::int as n, coalesce(sum(recency_days), 0)::int8 as sr, coalesce(sum(frequency), 0)::int8 as sf, coalesce(sum(monetary_fen), 0)::numeric as sm,
                ${breaks('recency_days', s.recencyBreaks, 'int4')} as rb, ${breaks('frequency', s.frequencyBreaks, 'int4')} as fb,
                ${breaks('monetary_fen', s.monetaryBreaks, 'int8')} as mb
         from m
       ),
       scored as (${scoredSql(s)}),
       run as (
         insert into insights.rfm_run (scope_id, tenant_id, scope, as_of, window_days, members, recency_breaks, frequency_breaks, monetary_breaks,
                                       recency_sum, frequency_sum, monetary_sum, computed_at)
         select :scopeId::uuid, :tenantId::uuid, :kind, :asOf::timestamptz, :windowDays, n, rb, fb, mb, sr, sf, sm, :computedAt::timestamptz from b
         on conflict (scope_id) do update set as_of = excluded.as_of, window_days = excluded.window_days, members = excluded.members,
           recency_breaks = excluded.recency_breaks, frequency_breaks = excluded.frequency_breaks, monetary_breaks = excluded.monetary_breaks,
           recency_sum = excluded.recency_sum, frequency_sum = excluded.frequency_sum, monetary_sum = excluded.monetary_sum,
           computed_at = excluded.computed_at
         returning members
       ),
       written as (${UPSERT_MEMBERS} returning 1)
       select (select members from run) as members, (select count(*) from written)::int as written`,
      values,
    );
    const [row] = await tx.execute<{ members: number }[]>(statement.sql, statement.params);
    await tx.execute('drop table insights_rfm_measures');
    const prospects = named(upsertProspects(scopeColumn(scope), false), values);
    await tx.execute(prospects.sql, prospects.params);
    await tx.execute('delete from insights.member_rfm where scope_id = ? and computed_at < ?', [scope.scopeId, computedAt]);
    return { scopeId: scope.scopeId, asOf, members: row.members, computedAt };
  }

  /** Gives members who just registered in the scope their row (new, or registered if registered long ago), unless they bought in it. The caller holds the scope's lock (lockScopes). */
  async refreshProspects(tx: Tx, scope: RfmScope, memberIds: string[]): Promise<void> {
    const s = await loadRfmSettings(tx, scope.scopeId);
    const now = new Date();
    const statement = named(upsertProspects(scopeColumn(scope), true), { ...ruleValues(scope, s, now, now), members: encodeBinaryArray('uuid', memberIds) });
    await tx.execute(statement.sql, statement.params);
  }

  /**
   * Re-scores these members of each scope as of now against the scope's last full run; a scope
   * never computed gets its first full run instead. Every scope's run and settings are one read.
   * The caller holds the scopes' locks (lockScopes).
   */
  async refreshMembers(tx: Tx, touched: readonly { scope: RfmScope; memberIds: string[] }[]): Promise<void> {
    if (touched.length === 0) return;
    const rows = await tx.execute<(RfmSettings & { scopeId: string; runWindowDays: number | null; configured: boolean })[]>(
      `select k.scope_id as "scopeId", r.window_days as "runWindowDays", s.scope_id is not null as configured, ${settingsColumns('s')}
       from unnest(?::uuid[]) as k(scope_id)
       left join insights.rfm_run r on r.scope_id = k.scope_id
       left join insights.rfm_settings s on s.scope_id = k.scope_id`,
      [encodeBinaryArray('uuid', touched.map((t) => t.scope.scopeId))],
    );
    const byScope = new Map(rows.map(({ scopeId, runWindowDays, configured, ...settings }) => [scopeId, { runWindowDays, settings: configured ? settingsOf(settings) : DEFAULT_RFM_SETTINGS }]));
    for (const { scope, memberIds } of touched) {
      const { runWindowDays, settings } = byScope.get(scope.scopeId)!;
      if (runWindowDays === null) {
        await this.recomputeIn(tx, scope, new Date());
        continue;
      }
      const s = { ...settings, windowDays: runWindowDays };
      const now = new Date();
      const statement = named(
        `with m as (${measuresSql(scopeColumn(scope), true)}),
         b as (select members as n, recency_sum as sr, frequency_sum as sf, monetary_sum::numeric as sm,
                      recency_breaks as rb, frequency_breaks as fb, monetary_breaks as mb
               from insights.rfm_run where scope_id = :scopeId::uuid),
         scored as (${scoredSql(s)})
         ${UPSERT_MEMBERS}`,
        { ...ruleValues(scope, s, now, now), members: encodeBinaryArray('uuid', memberIds) },
      );
      await tx.execute(statement.sql, statement.params);
    }
  }
}
