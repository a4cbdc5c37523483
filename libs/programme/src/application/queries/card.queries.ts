import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type CardType, CardTypeSchema } from '../../domain/member-card.entity';
import { MemberCards, type MemberCardView } from '../member-cards';

export class ListCardTypesQuery {
  constructor(readonly ctx: RequestContext) {}
}

export class ListMemberCardsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
  ) {}
}

@QueryHandler(ListCardTypesQuery)
export class ListCardTypesHandler implements IQueryHandler<ListCardTypesQuery, CardType[]> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: ListCardTypesQuery) {
    return this.db.inTenant(ctx, (tx) => tx.find(CardTypeSchema, {}, { orderBy: { createdAt: 'asc', id: 'asc' } }));
  }
}

@QueryHandler(ListMemberCardsQuery)
export class ListMemberCardsHandler implements IQueryHandler<ListMemberCardsQuery, MemberCardView[]> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly cards: MemberCards,
  ) {}
  execute({ ctx, memberId }: ListMemberCardsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      return this.cards.of(tx, ctx, memberId, new Date());
    });
  }
}
