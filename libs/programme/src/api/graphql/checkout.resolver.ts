import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ConfigureCheckoutPolicyCommand } from '../../application/commands/configure-checkout-policy.command';
import { ListCheckoutsQuery } from '../../application/queries/checkout.queries';
import { GetMerchantSettingQuery } from '../../application/queries/merchant-setting.queries';
import { QUOTE_STATUSES } from '../../domain/checkout-quote.entity';
import { withoutNulls } from './graphql-input';

@InputType('CheckoutPolicyInput')
export class CheckoutPolicyInputGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => Int, { description: 'Points that pay ¥1 (积分抵扣)' }) pointsPerYuan!: number;
  @Field(() => Int, { description: 'At most this share of the bill in points, permille' }) maxPointsSharePermille!: number;
  @Field(() => Int, { nullable: true, description: 'How long a quote holds, in seconds (default 300)' }) quoteValiditySeconds?: number;
}

@ObjectType('CheckoutPolicy')
export class CheckoutPolicyGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => Int) pointsPerYuan!: number;
  @Field(() => Int) maxPointsSharePermille!: number;
  @Field(() => Int) quoteValiditySeconds!: number;
}

export enum CheckoutStatusGql {
  OPEN = 'OPEN',
  COMMITTED = 'COMMITTED',
}
registerEnumType(CheckoutStatusGql, { name: 'CheckoutStatus', description: 'OPEN: a quote not checked out (it may have expired); COMMITTED: checked out as an order' });
const _statuses: readonly `${CheckoutStatusGql}`[] = QUOTE_STATUSES;
void _statuses;

@ObjectType('Checkout', { description: '报价/结算: a quote and, once committed, the order it became; amounts in 分' })
export class CheckoutGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => ID) storeId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => CheckoutStatusGql) status!: CheckoutStatusGql;
  @Field(() => String, { nullable: true }) orderNo!: string | null;
  @Field(() => ID, { nullable: true }) purchaseId!: string | null;
  @Field(() => GraphQLSafeInt) subtotalFen!: number;
  @Field(() => GraphQLSafeInt) promotionDiscountFen!: number;
  @Field(() => GraphQLSafeInt) levelDiscountFen!: number;
  @Field(() => GraphQLSafeInt) couponDiscountFen!: number;
  @Field(() => GraphQLSafeInt) pointsUsed!: number;
  @Field(() => GraphQLSafeInt) pointsDeductionFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'Paid with money: stored value and cash' }) payableFen!: number;
  @Field(() => GraphQLSafeInt, { description: 'From stored value, principal and bonus' }) balanceFen!: number;
  @Field(() => GraphQLSafeInt) cashDueFen!: number;
  @Field(() => [String]) explanation!: string[];
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) committedAt!: Date | null;
}

@ObjectType('CheckoutPage')
export class CheckoutPageGql {
  @Field(() => [CheckoutGql]) items!: CheckoutGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class CheckoutResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => CheckoutPolicyGql, { nullable: true, description: 'A merchant’s checkout policy; null: points do not pay, quotes hold 300 seconds' })
  checkoutPolicy(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID }) merchantId: string) {
    return this.queries.execute(new GetMerchantSettingQuery(ctx, 'checkoutPolicy', merchantId));
  }

  @Query(() => CheckoutPageGql, { description: 'Quotes and checkouts, newest first: a member’s, or all visible here' })
  checkouts(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
    @Args('status', { type: () => CheckoutStatusGql, nullable: true }) status?: CheckoutStatusGql,
  ) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListCheckoutsQuery(ctx, { memberId: memberId ?? undefined, status: status ?? undefined }, offset, limit));
  }

  @Mutation(() => CheckoutPolicyGql, { description: 'Sets how a merchant’s checkouts take points as money and how long quotes hold' })
  configureCheckoutPolicy(@Ctx() ctx: RequestContext, @Args('input') input: CheckoutPolicyInputGql) {
    return this.commands.execute(new ConfigureCheckoutPolicyCommand(ctx, withoutNulls(input)));
  }
}
