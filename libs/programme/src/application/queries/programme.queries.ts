import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, pgArray } from '@loyalty/database';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { MemberDirectory, type MemberRef } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type LevelScheme, LevelSchemeSchema } from '../../domain/level-scheme.entity';
import { type MemberLevelChange, MemberLevelChangeSchema } from '../../domain/member-level-change.entity';
import type { GrowthBehaviour, LevelBenefits } from '../../domain/level-rules';
import { GrowthService } from '../growth.service';
import { LevelEngine } from '../level-engine';

export class ListLevelSchemesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListGrowthHistoryQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/** 成长值明细: one change of a member's growth value and why. */
export interface GrowthChange {
  transferId: string;
  merchantId: string | null;
  /** Growth value gained (positive) or taken back (negative). */
  change: number;
  /** The behaviour that earned it, or REFUND: taken back for a refunded purchase. */
  reason: GrowthBehaviour | 'REFUND';
  reference: string | null;
  occurredAt: Date;
}

export class GetMemberLevelQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly member: MemberRef,
    /** The merchant whose scheme applies; a merchant's staff and tills use their own. */
    readonly merchantId?: string,
  ) {}
}

export class ListLevelHistoryQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/** A member's standing in the programme: level and its benefits, validity, growth value. */
export interface MemberLevelView {
  memberId: string;
  schemeId: string | null;
  levelCode: string | null;
  levelName: string | null;
  benefits: LevelBenefits | null;
  since: Date | null;
  validUntil: Date | null;
  growth: number;
}

@QueryHandler(ListLevelSchemesQuery)
export class ListLevelSchemesHandler implements IQueryHandler<ListLevelSchemesQuery, { items: LevelScheme[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListLevelSchemesQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(LevelSchemeSchema, {}, { orderBy: { merchantId: 'asc nulls first', updatedAt: 'asc', id: 'asc' }, offset, limit });
      return { items, total };
    });
  }
}

/** A member's growth value movements, latest first: what each behaviour earned, what refunds took back. */
@QueryHandler(ListGrowthHistoryQuery)
export class ListGrowthHistoryHandler implements IQueryHandler<ListGrowthHistoryQuery, { items: GrowthChange[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly ledger: LedgerService,
  ) {}

  execute({ ctx, memberId, offset, limit }: ListGrowthHistoryQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      const account = await this.ledger.accountIdFor(tx, standardAccounts.memberGrowth(ctx.tenantId!, memberId));
      const { items, total } = await this.ledger.transfersOf(tx, [account], { offset, limit });
      const awards = await tx.execute<{ transferId: string; behaviour: GrowthBehaviour }[]>(
        'select transfer_id as "transferId", behaviour from growth_award where transfer_id = any(?::uuid[])',
        [pgArray(items.map((t) => t.id))],
      );
      const behaviourOf = new Map(awards.map((a) => [a.transferId, a.behaviour]));
      return {
        total,
        items: items.map((t) => ({
          transferId: t.id,
          merchantId: t.merchantId,
          change: t.creditAccountId === account ? t.amount : -t.amount,
          reason: t.kind === TRANSFER_KINDS.GROWTH_REVERSAL ? ('REFUND' as const) : behaviourOf.get(t.id)!,
          reference: t.reference,
          occurredAt: t.occurredAt,
        })),
      };
    });
  }
}

@QueryHandler(GetMemberLevelQuery)
export class GetMemberLevelHandler implements IQueryHandler<GetMemberLevelQuery, MemberLevelView> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly levels: LevelEngine,
    private readonly growth: GrowthService,
  ) {}

  execute({ ctx, member, merchantId }: GetMemberLevelQuery): Promise<MemberLevelView> {
    return this.db.inTenant(ctx, async (tx) => {
      const { id: memberId } = await this.members.resolve(tx, member);
      const growth = await this.growth.balanceOf(tx, ctx.tenantId!, memberId);
      const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, ctx.merchantId ?? merchantId ?? null);
      if (!scheme) return { memberId, schemeId: null, levelCode: null, levelName: null, benefits: null, since: null, validUntil: null, growth };
      const state = (await this.levels.levelsOf(tx, scheme, [memberId])).get(memberId)!;
      return {
        memberId,
        schemeId: scheme.id,
        levelCode: state.level.code,
        levelName: state.level.name,
        benefits: state.level.benefits,
        since: state.since,
        validUntil: state.validUntil,
        growth,
      };
    });
  }
}

@QueryHandler(ListLevelHistoryQuery)
export class ListLevelHistoryHandler implements IQueryHandler<ListLevelHistoryQuery, { items: MemberLevelChange[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, memberId, offset, limit }: ListLevelHistoryQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(MemberLevelChangeSchema, { memberId }, { orderBy: { occurredAt: 'desc', id: 'desc' }, offset, limit });
      return { items, total };
    });
  }
}
