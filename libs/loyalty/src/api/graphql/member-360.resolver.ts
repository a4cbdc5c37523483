import { UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { LedgerTransferGql } from '@loyalty/ledger';
import { MemberGql } from '@loyalty/members';
import { GraphQLUUID, GraphQLSafeInt, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { GetMember360Query, type Member360 } from '../../application/queries/get-member-360.query';

@ObjectType('Member360', { description: 'A member with balances, spend and recent ledger history' })
export class Member360Gql {
  @Field(() => MemberGql) member!: MemberGql;
  @Field(() => String, { nullable: true, description: "The caller merchant's own customer number" }) externalId!: string | null;
  @Field(() => GraphQLSafeInt) pointsBalance!: number;
  @Field(() => GraphQLSafeInt) pointsExpiringIn30Days!: number;
  @Field(() => GraphQLSafeInt) pointsOwed!: number;
  @Field(() => GraphQLSafeInt, { description: '分' }) storedValueBalanceFen!: number;
  @Field(() => GraphQLSafeInt) purchaseCount!: number;
  @Field(() => GraphQLSafeInt, { description: '分' }) grossSpendFen!: number;
  @Field(() => GraphQLSafeInt, { description: '分' }) refundedFen!: number;
  @Field(() => GraphQLISODateTime, { nullable: true }) lastPurchaseAt!: Date | null;
  @Field(() => [LedgerTransferGql]) recentTransfers!: LedgerTransferGql[];
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class Member360Resolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => Member360Gql, { description: "Member 360 view by id, phone, or the caller merchant's external id (exactly one)" })
  async member(
    @Ctx() ctx: RequestContext,
    @Args('id', { type: () => GraphQLUUID, nullable: true }) id?: string,
    @Args('phone', { nullable: true }) phone?: string,
    @Args('externalId', { nullable: true }) externalId?: string,
  ) {
    const view: Member360 = await this.queries.execute(
      new GetMember360Query(ctx, { memberId: id ?? undefined, phone: phone ?? undefined, externalId: externalId ?? undefined }),
    );
    return {
      ...view,
      externalId: view.member.externalId,
      member: { ...view.member, registeredAt: new Date(view.member.registeredAt) },
      lastPurchaseAt: view.lastPurchaseAt ? new Date(view.lastPurchaseAt) : null,
    };
  }
}
