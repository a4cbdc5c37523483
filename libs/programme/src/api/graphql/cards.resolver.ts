import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CancelMemberCardCommand } from '../../application/commands/cancel-member-card.command';
import { CreateCardTypeCommand } from '../../application/commands/create-card-type.command';
import { IssueCardCommand } from '../../application/commands/issue-internal-card.command';
import { ListCardTypesQuery, ListMemberCardsQuery } from '../../application/queries/card.queries';
import { CARD_KINDS } from '../../domain/member-card.entity';
import { withoutNulls } from './graphql-input';

export enum CardKindGql {
  FREE = 'FREE',
  PAID = 'PAID',
  LEVEL = 'LEVEL',
  INTERNAL = 'INTERNAL',
}
registerEnumType(CardKindGql, { name: 'CardKind', description: '普通 free, 付费 paid (monthly/annual), 等级 level, 内部 internal' });
const _kinds: readonly `${CardKindGql}`[] = CARD_KINDS;
void _kinds;

@InputType('CardTypeInput')
export class CardTypeInputGql {
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => CardKindGql) kind!: CardKindGql;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'PAID: price per period (分)' }) priceFen?: number;
  @Field(() => Int, { nullable: true, description: 'PAID: 1 monthly, 12 annual' }) periodMonths?: number;
}

@ObjectType('CardType')
export class CardTypeGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => CardKindGql) kind!: CardKindGql;
  @Field(() => GraphQLSafeInt, { nullable: true }) priceFen!: number | null;
  @Field(() => Int, { nullable: true }) periodMonths!: number | null;
}

@ObjectType('MemberCard')
export class MemberCardGql {
  @Field(() => ID) cardTypeId!: string;
  @Field() name!: string;
  @Field(() => CardKindGql) kind!: CardKindGql;
  @Field({ description: 'ACTIVE, EXPIRED or CANCELLED' }) state!: string;
  @Field(() => GraphQLISODateTime, { nullable: true }) startsAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) endsAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'LEVEL cards: the member’s level' }) levelCode!: string | null;
}

@ObjectType('CardTypePage')
export class CardTypePageGql {
  @Field(() => [CardTypeGql]) items!: CardTypeGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('MemberCardPage')
export class MemberCardPageGql {
  @Field(() => [MemberCardGql]) items!: MemberCardGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class CardsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => CardTypeGql, { description: 'A card the merchant offers' })
  createCardType(@Ctx() ctx: RequestContext, @Args('input') input: CardTypeInputGql) {
    return this.commands.execute(new CreateCardTypeCommand(ctx, withoutNulls(input)));
  }

  @Query(() => CardTypePageGql)
  cardTypes(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListCardTypesQuery(ctx, offset, limit));
  }

  @Mutation(() => MemberCardGql, { description: '内部卡: gives a chosen member an internal (or free) card, with a reason' })
  issueCard(
    @Ctx() ctx: RequestContext,
    @Args('cardTypeId', { type: () => GraphQLUUID }) cardTypeId: string,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('reason') reason: string,
  ) {
    return this.commands.execute(new IssueCardCommand(ctx, { cardTypeId, memberId, reason }));
  }

  @Mutation(() => MemberCardGql, { description: 'Cancels a member’s card, with a reason' })
  cancelMemberCard(
    @Ctx() ctx: RequestContext,
    @Args('cardTypeId', { type: () => GraphQLUUID }) cardTypeId: string,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('reason') reason: string,
  ) {
    return this.commands.execute(new CancelMemberCardCommand(ctx, { cardTypeId, memberId, reason }));
  }

  @Query(() => MemberCardPageGql, { description: 'A member’s cards, level cards with the member’s level' })
  memberCards(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListMemberCardsQuery(ctx, memberId, offset, limit));
  }
}
