import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { LIFECYCLE_STAGES, RFM_GROUPS, type RfmSettings, SIMPLE_SEGMENTS } from '../../domain/rfm';
import { resolveScope } from '../insights-access';
import { rfmMembersInput } from '../insights-inputs';
import { loadRfmSettings, type RfmScope } from '../rfm-engine';

/** A member's row in a scope; one who registered but never bought in it has no R, F, M scores, group or purchase dates. */
export interface MemberRfmView {
  memberId: string;
  recencyDays: number | null;
  frequency: number;
  monetaryFen: number;
  r: number | null;
  f: number | null;
  m: number | null;
  group: string | null;
  lifecycle: string;
  segment: string;
  purchasesTotal: number;
  firstPurchaseAt: Date | null;
  lastPurchaseAt: Date | null;
  computedAt: Date;
}

export const MEMBER_COLUMNS = `r.member_id as "memberId", r.recency_days as "recencyDays", r.frequency, r.monetary_fen as "monetaryFen", r.r, r.f, r.m,
  r.rfm_group as "group", r.lifecycle, r.segment, r.purchases_total as "purchasesTotal", r.first_purchase_at as "firstPurchaseAt",
  r.last_purchase_at as "lastPurchaseAt", r.computed_at as "computedAt"`;

export interface CountView {
  key: string;
  members: number;
  monetaryFen: number;
}

export interface RfmOverview {
  scopeId: string;
  scope: RfmScope['kind'];
  settings: RfmSettings;
  /** Null until the scope's first computation. */
  asOf: Date | null;
  computedAt: Date | null;
  members: number;
  recencyBreaks: number[];
  frequencyBreaks: number[];
  monetaryBreaks: number[];
  /** The population's averages (rounded down) the full run split high from low by. */
  averageRecencyDays: number;
  averageFrequency: number;
  averageMonetaryFen: number;
  groups: CountView[];
  lifecycle: CountView[];
  segments: CountView[];
}

export class GetRfmOverviewQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

/** A scope's last computation: breakpoints, averages, and members and spend per group, lifecycle stage and segment. */
@QueryHandler(GetRfmOverviewQuery)
export class GetRfmOverviewHandler implements IQueryHandler<GetRfmOverviewQuery, RfmOverview> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: GetRfmOverviewQuery): Promise<RfmOverview> {
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, merchantId);
      const settings = await loadRfmSettings(tx, scope.scopeId);
      const [run] = await tx.execute<
        { asOf: string; computedAt: string; members: number; rb: number[]; fb: number[]; mb: string[]; ar: string; af: string; am: string }[]
      >(
        `select as_of as "asOf", computed_at as "computedAt", members, recency_breaks as rb, frequency_breaks as fb, monetary_breaks as mb,
                case when members > 0 then recency_sum / members else 0 end as ar, case when members > 0 then frequency_sum / members else 0 end as af,
                case when members > 0 then floor(monetary_sum::numeric / members) else 0 end as am
         from insights.rfm_run where scope_id = ?`,
        [scope.scopeId],
      );
      const counts = await tx.execute<{ dim: string; key: string; members: string; monetaryFen: string }[]>(
        `select 'group' as dim, rfm_group as key, count(*) as members, sum(monetary_fen) as "monetaryFen" from insights.member_rfm where scope_id = ? group by rfm_group
         union all select 'lifecycle', lifecycle, count(*), sum(monetary_fen) from insights.member_rfm where scope_id = ? group by lifecycle
         union all select 'segment', segment, count(*), sum(monetary_fen) from insights.member_rfm where scope_id = ? group by segment`,
        [scope.scopeId, scope.scopeId, scope.scopeId],
      );
      const of = (dim: string, keys: readonly string[]): CountView[] =>
        keys.map((key) => {
          const row = counts.find((c) => c.dim === dim && c.key === key);
          return { key, members: Number(row?.members ?? 0), monetaryFen: Number(row?.monetaryFen ?? 0) };
        });
      return {
        scopeId: scope.scopeId,
        scope: scope.kind,
        settings,
        asOf: run ? new Date(run.asOf) : null,
        computedAt: run ? new Date(run.computedAt) : null,
        members: run?.members ?? 0,
        recencyBreaks: run?.rb.map(Number) ?? [],
        frequencyBreaks: run?.fb.map(Number) ?? [],
        monetaryBreaks: run?.mb.map(Number) ?? [],
        averageRecencyDays: Number(run?.ar ?? 0),
        averageFrequency: Number(run?.af ?? 0),
        averageMonetaryFen: Number(run?.am ?? 0),
        groups: of('group', RFM_GROUPS.map((g) => g.code)),
        lifecycle: of('lifecycle', LIFECYCLE_STAGES),
        segments: of('segment', SIMPLE_SEGMENTS),
      };
    });
  }
}

export const toMemberRfmView = (row: MemberRfmView): MemberRfmView => ({
  ...row,
  monetaryFen: Number(row.monetaryFen),
  firstPurchaseAt: row.firstPurchaseAt ? new Date(row.firstPurchaseAt) : null,
  lastPurchaseAt: row.lastPurchaseAt ? new Date(row.lastPurchaseAt) : null,
  computedAt: new Date(row.computedAt),
});

export class GetMemberRfmQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly merchantId: string | null | undefined,
  ) {}
}

@QueryHandler(GetMemberRfmQuery)
export class GetMemberRfmHandler implements IQueryHandler<GetMemberRfmQuery, MemberRfmView> {
  constructor(private readonly db: Db) {}

  execute({ ctx, memberId, merchantId }: GetMemberRfmQuery): Promise<MemberRfmView> {
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, merchantId);
      const [row] = await tx.execute<MemberRfmView[]>(`select ${MEMBER_COLUMNS} from insights.member_rfm r where r.scope_id = ? and r.member_id = ?`, [scope.scopeId, memberId]);
      if (!row) throw notFound('MEMBER_RFM_NOT_FOUND', 'This member neither registered nor bought in this scope yet');
      return toMemberRfmView(row);
    });
  }
}

export class ListRfmMembersQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Members of a scope by RFM group, lifecycle stage or segment: an audience, highest spend first. */
@QueryHandler(ListRfmMembersQuery)
export class ListRfmMembersHandler implements IQueryHandler<ListRfmMembersQuery, MemberRfmView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: ListRfmMembersQuery): Promise<MemberRfmView[]> {
    const data = parseInput(rfmMembersInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, data.merchantId);
      const rows = await tx.execute<MemberRfmView[]>(
        `select ${MEMBER_COLUMNS} from insights.member_rfm r
         where scope_id = ? and (?::text is null or rfm_group = ?) and (?::text is null or lifecycle = ?) and (?::text is null or segment = ?)
         order by monetary_fen desc, member_id offset ? limit ?`,
        [scope.scopeId, data.group ?? null, data.group ?? null, data.lifecycle ?? null, data.lifecycle ?? null, data.segment ?? null, data.segment ?? null, data.offset, data.limit],
      );
      return rows.map(toMemberRfmView);
    });
  }
}

export interface AbcTierView {
  tier: 'A' | 'B' | 'C';
  /** The tier's customers: A the top 20 % by net spend, B the next 30 %, C the other half. */
  members: number;
  revenueFen: number;
  /** Share of the scope's revenue in basis points (rounded down). */
  revenueShareBps: number;
}

export class GetAbcPyramidQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

/** ABC pyramid: how the scope's revenue (net spend over the RFM window) splits over its customers by percentile. */
@QueryHandler(GetAbcPyramidQuery)
export class GetAbcPyramidHandler implements IQueryHandler<GetAbcPyramidQuery, AbcTierView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: GetAbcPyramidQuery): Promise<AbcTierView[]> {
    return this.db.asActor(ctx, async (tx) => {
      const scope = await resolveScope(tx, ctx, merchantId);
      const rows = await tx.execute<{ tier: 'A' | 'B' | 'C'; members: string; revenueFen: string; shareBps: string }[]>(
        `with ranked as (
           select greatest(monetary_fen, 0) as revenue, row_number() over (order by monetary_fen desc, member_id) as rn, count(*) over () as n
           from insights.member_rfm where scope_id = ? and purchases_total > 0
         ), tiers as (
           select case when rn * 5 <= n then 'A' when rn * 2 <= n then 'B' else 'C' end as tier, revenue from ranked
         ), totals as (
           select tier, count(*) as members, sum(revenue) as revenue from tiers group by tier
         )
         select tier, members, revenue as "revenueFen", coalesce(floor(revenue * 10000 / nullif(sum(revenue) over (), 0)), 0) as "shareBps" from totals`,
        [scope.scopeId],
      );
      return (['A', 'B', 'C'] as const).map((tier) => {
        const row = rows.find((r) => r.tier === tier);
        return { tier, members: Number(row?.members ?? 0), revenueFen: Number(row?.revenueFen ?? 0), revenueShareBps: Number(row?.shareBps ?? 0) };
      });
    });
  }
}
