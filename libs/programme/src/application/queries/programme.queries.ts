import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory, type MemberRef } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type LevelScheme, LevelSchemeSchema } from '../../domain/level-scheme.entity';
import { type MemberLevelChange, MemberLevelChangeSchema } from '../../domain/member-level-change.entity';
import type { LevelBenefits } from '../../domain/level-rules';
import { GrowthService } from '../growth.service';
import { LevelEngine } from '../level-engine';

export class ListLevelSchemesQuery {
  constructor(readonly ctx: RequestContext) {}
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
export class ListLevelSchemesHandler implements IQueryHandler<ListLevelSchemesQuery, LevelScheme[]> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: ListLevelSchemesQuery) {
    return this.db.inTenant(ctx, (tx) => tx.find(LevelSchemeSchema, {}, { orderBy: { merchantId: 'asc nulls first', updatedAt: 'asc' } }));
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
