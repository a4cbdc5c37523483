import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type CardType, CardTypeSchema } from '../../domain/member-card.entity';
import { MemberCards, type MemberCardView } from '../member-cards';

export class ListCardTypesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListMemberCardsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListCardTypesQuery)
export class ListCardTypesHandler implements IQueryHandler<ListCardTypesQuery, { items: CardType[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListCardTypesQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(CardTypeSchema, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, offset, limit });
      return { items, total };
    });
  }
}

/** A member's cards: those held, then the level cards (few: the page is cut from the whole list). */
@QueryHandler(ListMemberCardsQuery)
export class ListMemberCardsHandler implements IQueryHandler<ListMemberCardsQuery, { items: MemberCardView[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly cards: MemberCards,
  ) {}
  execute({ ctx, memberId, offset, limit }: ListMemberCardsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      const cards = await this.cards.of(tx, ctx, memberId, new Date());
      return { items: cards.slice(offset, offset + limit), total: cards.length };
    });
  }
}
