import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type VisitCard, type VisitCardProduct, VisitCardProductSchema, VisitCardSchema } from '../../domain/visit-card.entity';

export class ListVisitCardProductsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListMemberVisitCardsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    /** Only cards usable at this moment (not expired, uses left). */
    readonly usableAt: Date | null,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListVisitCardProductsQuery)
export class ListVisitCardProductsHandler implements IQueryHandler<ListVisitCardProductsQuery, { items: VisitCardProduct[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListVisitCardProductsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(VisitCardProductSchema, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit });
      return { items, total };
    });
  }
}

@QueryHandler(ListMemberVisitCardsQuery)
export class ListMemberVisitCardsHandler implements IQueryHandler<ListMemberVisitCardsQuery, { items: VisitCard[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
  ) {}
  execute({ ctx, memberId, usableAt, offset, limit }: ListMemberVisitCardsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      const usable = usableAt ? { expiresAt: { $gt: usableAt }, $or: [{ usesLeft: null }, { usesLeft: { $gt: 0 } }] } : {};
      const [items, total] = await tx.findAndCount(VisitCardSchema, { memberId, ...usable }, { orderBy: { soldAt: 'desc', id: 'desc' }, offset, limit });
      return { items, total };
    });
  }
}
