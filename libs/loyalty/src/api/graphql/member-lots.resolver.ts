import { UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ListMemberLotsQuery } from '../../application/queries/list-member-lots.query';

@ObjectType('MemberLot', { description: 'Points of one earning still unspent, and when they expire' })
export class MemberLotGql {
  @Field(() => ID) id!: string;
  @Field(() => GraphQLSafeInt, { description: 'Points the earning added' }) amount!: number;
  @Field(() => GraphQLSafeInt, { description: 'Points of it left' }) remaining!: number;
  @Field(() => GraphQLISODateTime, { nullable: true, description: 'Null: never expires' }) expiresAt!: Date | null;
  @Field({ description: 'Past its expiry and no longer spendable, not yet swept to breakage' }) expired!: boolean;
  @Field(() => ID, { nullable: true }) issuerMerchantId!: string | null;
  @Field(() => ID, { nullable: true }) issuerStoreId!: string | null;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
}

@ObjectType('MemberLotPage')
export class MemberLotPageGql {
  @Field(() => [MemberLotGql]) items!: MemberLotGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class MemberLotsResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => MemberLotPageGql, { description: 'A member’s open points lots, earliest expiry first (the order they are spent in)' })
  memberLots(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListMemberLotsQuery(ctx, memberId, offset, limit));
  }
}
