import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ConfigureStoredValuePlanCommand } from '../../application/commands/configure-stored-value-plan.command';
import { GetMerchantSettingQuery } from '../../application/queries/merchant-setting.queries';
import { GetMemberStoredValueQuery, ListStoredValueTransactionsQuery } from '../../application/queries/stored-value.queries';
import { withoutNulls } from './graphql-input';
import { MemberStoredValueGql, StoredValuePlanGql, StoredValuePlanInputGql, StoredValueTransactionPageGql } from './stored-value.types';

@Resolver()
@UseGuards(StaffAuthGuard)
export class StoredValueResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => StoredValuePlanGql, { description: 'Sets a merchant’s recharge bonus tiers and spend order' })
  configureStoredValuePlan(@Ctx() ctx: RequestContext, @Args('input') input: StoredValuePlanInputGql) {
    return this.commands.execute(new ConfigureStoredValuePlanCommand(ctx, withoutNulls(input)));
  }

  @Query(() => StoredValuePlanGql, { nullable: true })
  storedValuePlan(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID }) merchantId: string) {
    return this.queries.execute(new GetMerchantSettingQuery(ctx, 'storedValuePlan', merchantId));
  }

  @Query(() => MemberStoredValueGql)
  memberStoredValue(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string) {
    return this.queries.execute(new GetMemberStoredValueQuery(ctx, { memberId }));
  }

  @Query(() => StoredValueTransactionPageGql, { description: '储值明细: a member’s recharges, bonuses, payments and refunds, each part on its own, newest first' })
  memberStoredValueTransactions(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListStoredValueTransactionsQuery(ctx, memberId, offset, limit));
  }
}
