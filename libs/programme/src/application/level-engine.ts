import { Injectable } from '@nestjs/common';
import { pgArray, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox } from '@loyalty/events';
import { LedgerService, standardAccounts } from '@loyalty/ledger';
import { addMonthsInZone, CONFIG_CACHE_MS, ExpiringCache, newId, type RequestContext } from '@loyalty/shared';
import { LevelMeasureSources } from '../contracts/level-measure-sources';
import { MEMBER_LEVEL_CHANGED_V1, type MemberLevelChangedV1 } from '../contracts/programme-events.v1';
import { type LevelScheme, LevelSchemeSchema } from '../domain/level-scheme.entity';
import { type LevelChangeReason } from '../domain/member-level-change.entity';
import { CouponRuleService } from './coupon-rule.service';
import { type LevelDefinition, measureKey, measuresOf, type MemberMetrics, metricValue, qualifyingLevel } from '../domain/level-rules';

/** A member's level as the programme answers it. */
export interface MemberLevelState {
  memberId: string;
  rank: number;
  level: LevelDefinition;
  since: Date | null;
  validUntil: Date | null;
}

export interface LevelChange {
  memberId: string;
  toRank: number;
  reason: LevelChangeReason;
  note: string;
  orderNo?: string | null;
}

/**
 * Levels under a scheme: measuring members, finding the level they qualify for, and recording
 * every change with its reason. Runs inside the caller's transaction and tenant.
 */
@Injectable()
export class LevelEngine {
  /** Tenant and merchant → the id of the scheme that applies, or null: read on every purchase. */
  private readonly schemeIds = new ExpiringCache<string, string | null>(CONFIG_CACHE_MS);

  constructor(
    private readonly ledger: LedgerService,
    private readonly couponRules: CouponRuleService,
    private readonly measureSources: LevelMeasureSources,
  ) {}

  /** The scheme a merchant's members are measured by: its own, else its tenant's, else none. */
  async schemeFor(tx: Tx, tenantId: string, merchantId: string | null): Promise<LevelScheme | null> {
    // Which scheme applies changes only when one is created; its levels are read fresh each time.
    const schemeId = await this.schemeIds.get(`${tenantId}/${merchantId ?? ''}`, async () => {
      const [row] = await tx.execute<{ id: string }[]>(
        'select id from level_scheme where tenant_id = ? and scope_id = any(?::uuid[]) order by merchant_id nulls last limit 1',
        [tenantId, pgArray(merchantId ? [merchantId, tenantId] : [tenantId])],
      );
      return row?.id ?? null;
    });
    return schemeId ? tx.findOne(LevelSchemeSchema, { id: schemeId }) : null;
  }

  /** After a scheme was configured (a tenant-wide one applies to every merchant without its own). */
  forgetSchemes(): void {
    this.schemeIds.forget();
  }

  /**
   * Current levels, members without a row at the entry level. With `lock`, each member's level
   * under the scheme is held to the end of the transaction — a transaction-scoped advisory lock,
   * since a member at the entry level has no row to lock — taken in member order, so concurrent
   * purchases of one member change its level one after the other.
   */
  async levelsOf(tx: Tx, scheme: LevelScheme, memberIds: string[], lock = false): Promise<Map<string, MemberLevelState>> {
    if (lock) {
      await tx.execute(
        `select pg_advisory_xact_lock(hashtextextended(?::text || member_id::text, 0)) from (select unnest(?::uuid[]) as member_id order by 1) as m`,
        [scheme.id, pgArray([...new Set(memberIds)])],
      );
    }
    const rows = await tx.execute<{ memberId: string; levelCode: string; since: string; validUntil: string | null }[]>(
      `select member_id as "memberId", level_code as "levelCode", since, valid_until as "validUntil"
       from member_level where scheme_id = ? and member_id = any(?::uuid[])`,
      [scheme.id, pgArray(memberIds)],
    );
    const byMember = new Map(rows.map((r) => [r.memberId, r]));
    return new Map(
      memberIds.map((memberId) => {
        const row = byMember.get(memberId);
        const rank = Math.max(0, row ? scheme.levels.findIndex((l) => l.code === row.levelCode) : 0);
        return [memberId, { memberId, rank, level: scheme.levels[rank], since: row ? new Date(row.since) : null, validUntil: row?.validUntil ? new Date(row.validUntil) : null }];
      }),
    );
  }

  /** Each member's measures as of `asOf`: spend (net of refunds) in the scheme's scope, growth, points, provided measures. */
  async metricsOf(tx: Tx, scheme: LevelScheme, memberIds: string[], asOf: Date): Promise<Map<string, MemberMetrics>> {
    const { windows, growth, points, provided } = measuresOf(scheme.levels);
    const windowColumns = windows.map((_, i) => `, coalesce(sum(amount_fen - refunded_fen) filter (where occurred_at >= ?), 0) as "w${i}"`).join('');
    const rows = await tx.execute<Record<string, string | number>[]>(
      `select member_id as "memberId", coalesce(sum(amount_fen - refunded_fen), 0) as cumulative, coalesce(max(amount_fen - refunded_fen), 0) as single
       ${windowColumns}
       from qualifying_spend where tenant_id = ? and member_id = any(?::uuid[]) and occurred_at <= ? ${scheme.merchantId ? 'and merchant_id = ?' : ''}
       group by member_id`,
      [
        ...windows.map((months) => addMonthsInZone(asOf, -months, scheme.timezone)),
        scheme.tenantId,
        pgArray(memberIds),
        asOf,
        ...(scheme.merchantId ? [scheme.merchantId] : []),
      ],
    );
    const spend = new Map(rows.map((r) => [r.memberId as string, r]));
    const balances = async (spec: typeof standardAccounts.memberGrowth) => {
      const ids = await this.ledger.accountIdsFor(tx, memberIds.map((id) => spec(scheme.tenantId, id)));
      const available = await this.ledger.availableOf(tx, ids);
      return new Map(memberIds.map((id, i) => [id, available.get(ids[i]) ?? 0]));
    };
    const growthOf = growth ? await balances(standardAccounts.memberGrowth) : new Map<string, number>();
    const pointsOf = points ? await balances(standardAccounts.memberPoints) : new Map<string, number>();
    const providedValues =
      provided.length === 0
        ? []
        : await this.measureSources.values(tx, {
            tenantId: scheme.tenantId,
            merchantId: scheme.merchantId ?? null,
            memberIds,
            asOf,
            queries: provided.map((p) => ({ measure: p.measure, since: p.windowMonths ? addMonthsInZone(asOf, -p.windowMonths, scheme.timezone) : null })),
          });
    return new Map(
      memberIds.map((id) => {
        const row = spend.get(id);
        return [
          id,
          {
            cumulativeSpendFen: Number(row?.cumulative ?? 0),
            maxSinglePurchaseFen: Number(row?.single ?? 0),
            windowSpendFen: new Map(windows.map((months, i) => [months, Number(row?.[`w${i}`] ?? 0)])),
            growth: growthOf.get(id) ?? 0,
            pointsBalance: pointsOf.get(id) ?? 0,
            measures: new Map(provided.map((p, i) => [measureKey(p), providedValues[i].get(id) ?? 0])),
          },
        ];
      }),
    );
  }

  /** Which condition group made a member reach a level, for the history. */
  explain(level: LevelDefinition, metrics: MemberMetrics): string {
    const group = level.conditions.find((g) => g.every((c) => metricValue(metrics, c) >= c.min)) ?? [];
    const reached = group.map((c) => `${c.measure ?? c.metric}${c.windowMonths ? `(${c.windowMonths}m)` : ''} ${metricValue(metrics, c)} ≥ ${c.min}`).join(' and ');
    return reached ? `${level.name}: ${reached}` : level.name;
  }

  /**
   * 升级: raises each member to the highest level they qualify for as of `asOf`, never lowers
   * (lowering is the retention review's). Returns the members raised, with their new rank.
   */
  async upgrade(tx: Tx, ctx: RequestContext, scheme: LevelScheme, memberIds: string[], asOf: Date, orderNoOf: Map<string, string> = new Map()): Promise<Map<string, number>> {
    const current = await this.levelsOf(tx, scheme, memberIds, true);
    const metrics = await this.metricsOf(tx, scheme, memberIds, asOf);
    const changes: LevelChange[] = [];
    for (const memberId of memberIds) {
      const m = metrics.get(memberId)!;
      const rank = qualifyingLevel(scheme.levels, m);
      if (rank > current.get(memberId)!.rank) {
        changes.push({ memberId, toRank: rank, reason: 'UPGRADE', note: this.explain(scheme.levels[rank], m), orderNo: orderNoOf.get(memberId) ?? null });
      }
    }
    await this.apply(tx, ctx, scheme, current, changes, asOf);
    return new Map(changes.map((c) => [c.memberId, c.toRank]));
  }

  /**
   * Writes level changes (and retentions) with their history. A new level, or a retained one,
   * holds for the scheme's validity from `asOf`; the entry level holds for ever.
   */
  async apply(tx: Tx, ctx: RequestContext, scheme: LevelScheme, current: Map<string, MemberLevelState>, changes: LevelChange[], asOf: Date): Promise<void> {
    if (changes.length === 0) return;
    const validUntil = (rank: number) => (rank === 0 || !scheme.validityMonths ? null : addMonthsInZone(asOf, scheme.validityMonths, scheme.timezone));
    const levels = unnestRows(
      changes.map((c) => [newId(), scheme.tenantId, scheme.merchantId, scheme.id, c.memberId, scheme.levels[c.toRank].code, asOf, validUntil(c.toRank)]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'timestamptz', 'timestamptz'],
    );
    await tx.execute(
      `insert into member_level (id, tenant_id, merchant_id, scheme_id, member_id, level_code, since, valid_until)
       select * from (${levels.sql}) as v
       on conflict (scheme_id, member_id) do update set
         since = case when member_level.level_code = excluded.level_code then member_level.since else excluded.since end,
         level_code = excluded.level_code, valid_until = excluded.valid_until`,
      levels.params,
    );
    const fromLevel = (memberId: string) => {
      const from = current.get(memberId);
      return from && (from.since || from.rank > 0) ? from.level : null;
    };
    const fromCode = (memberId: string) => fromLevel(memberId)?.code ?? null;
    const history = unnestRows(
      changes.map((c) => [
        newId(),
        scheme.tenantId,
        scheme.merchantId,
        scheme.id,
        c.memberId,
        fromCode(c.memberId),
        scheme.levels[c.toRank].code,
        c.reason,
        c.note,
        c.orderNo ?? null,
        ctx.actorId,
        asOf,
      ]),
      ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'text', 'timestamptz'],
    );
    await tx.execute(
      `insert into member_level_change (id, tenant_id, merchant_id, scheme_id, member_id, from_code, to_code, reason, note, order_no, actor_id, occurred_at)
       select * from (${history.sql}) as v`,
      history.params,
    );
    await appendToOutbox(
      tx,
      { ...ctx, tenantId: scheme.tenantId },
      changes.map((c) => ({
        type: MEMBER_LEVEL_CHANGED_V1,
        key: c.memberId,
        occurredAt: asOf,
        payload: {
          memberId: c.memberId,
          schemeId: scheme.id,
          merchantId: scheme.merchantId ?? null,
          fromCode: fromCode(c.memberId),
          toCode: scheme.levels[c.toRank].code,
          fromName: fromLevel(c.memberId)?.name ?? null,
          toName: scheme.levels[c.toRank].name,
          reason: c.reason,
          note: c.note,
          orderNo: c.orderNo ?? null,
          validUntil: validUntil(c.toRank)?.toISOString() ?? null,
          occurredAt: asOf.toISOString(),
        } satisfies MemberLevelChangedV1,
      })),
    );
    // 升级礼: the coupons of the merchant's rules for a level reached (up, by rule or by hand).
    const merchantId = scheme.merchantId ?? ctx.merchantId;
    const reached = changes.filter((c) => c.reason !== 'DOWNGRADE' && c.toRank > (current.get(c.memberId)?.rank ?? 0));
    if (merchantId) {
      const occasions = reached.map((c) => ({ memberId: c.memberId, key: scheme.levels[c.toRank].code, levelCode: scheme.levels[c.toRank].code }));
      await this.couponRules.issue(tx, { ...ctx, tenantId: scheme.tenantId }, 'LEVEL_REACHED', merchantId, occasions);
    }
  }
}
