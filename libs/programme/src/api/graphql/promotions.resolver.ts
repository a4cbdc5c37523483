import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, registerEnumType, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CreatePromotionCommand } from '../../application/commands/create-promotion.command';
import { EndPromotionCommand } from '../../application/commands/end-promotion.command';
import { ListPromotionsQuery } from '../../application/queries/promotion.queries';
import { PROMOTION_KINDS } from '../../domain/promotion-rules';
import { withoutNulls } from './graphql-input';

export enum PromotionKindGql {
  PERCENT_OFF = 'PERCENT_OFF',
  LEVEL_PRICE = 'LEVEL_PRICE',
  MULTI_BUY = 'MULTI_BUY',
  TIERED = 'TIERED',
  BUNDLE = 'BUNDLE',
  CASHBACK = 'CASHBACK',
}
registerEnumType(PromotionKindGql, { name: 'PromotionKind', description: '限时折扣, 会员价, 多件满减, 梯度优惠, 套餐, 满额返现' });
const _kinds: readonly `${PromotionKindGql}`[] = PROMOTION_KINDS;
void _kinds;

@ObjectType('PromotionTier')
@InputType('PromotionTierInput')
export class PromotionTierGql {
  @Field(() => GraphQLSafeInt) minFen!: number;
  @Field(() => GraphQLSafeInt) amountOffFen!: number;
}

@ObjectType('MemberPrice', { description: '会员价: the price of one unit of a SKU for the level' })
@InputType('MemberPriceInput')
export class MemberPriceGql {
  @Field() sku!: string;
  @Field(() => GraphQLSafeInt) priceFen!: number;
}

@ObjectType('PromotionConfig', { description: 'The fields of its kind only' })
@InputType('PromotionConfigInput')
export class PromotionConfigGql {
  @Field(() => PromotionKindGql) kind!: PromotionKindGql;
  @Field(() => [String], { nullable: true, description: 'SKUs it applies to; none: every line (BUNDLE: one unit of each)' }) skus?: string[];
  @Field(() => Int, { nullable: true, description: 'PERCENT_OFF, LEVEL_PRICE: permille off (LEVEL_PRICE: the lines without a price of their own)' }) discountPermille?: number;
  @Field(() => String, { nullable: true, description: 'LEVEL_PRICE: the level' }) levelCode?: string;
  @Field(() => [MemberPriceGql], { nullable: true, description: 'LEVEL_PRICE: a price per unit of these SKUs' }) prices?: MemberPriceGql[];
  @Field(() => Int, { nullable: true, description: 'MULTI_BUY: items to buy' }) minQuantity?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'MULTI_BUY: 分 off' }) amountOffFen?: number;
  @Field(() => [PromotionTierGql], { nullable: true, description: 'TIERED' }) tiers?: PromotionTierGql[];
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'BUNDLE: price of one of each SKU' }) bundlePriceFen?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'CASHBACK: spend at least this (分)' }) minFen?: number;
  @Field(() => GraphQLSafeInt, { nullable: true, description: 'CASHBACK: 分 into stored value, or points' }) amount?: number;
  @Field(() => String, { nullable: true, description: 'CASHBACK: STORED_VALUE or POINTS' }) into?: string;
}

@InputType('PromotionInput')
export class PromotionInputGql {
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => Int, { nullable: true, description: 'Lower first (default 100)' }) priority?: number;
  @Field({ nullable: true, description: 'Applies only alone; the quote takes it where it beats the others together' }) exclusive?: boolean;
  @Field(() => String, { nullable: true }) startsAt?: string;
  @Field(() => String, { nullable: true }) endsAt?: string;
  @Field(() => PromotionConfigGql) config!: PromotionConfigGql;
}

@ObjectType('Promotion')
export class PromotionGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field(() => Int) priority!: number;
  @Field() exclusive!: boolean;
  @Field(() => GraphQLISODateTime, { nullable: true }) startsAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) endsAt!: Date | null;
  @Field(() => PromotionConfigGql) config!: PromotionConfigGql;
}

@ObjectType('PromotionPage')
export class PromotionPageGql {
  @Field(() => [PromotionGql]) items!: PromotionGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class PromotionsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => PromotionGql, { description: 'A merchant’s promotion, used by checkout quotes' })
  createPromotion(@Ctx() ctx: RequestContext, @Args('input') input: PromotionInputGql) {
    return this.commands.execute(new CreatePromotionCommand(ctx, withoutNulls(input)));
  }

  @Mutation(() => PromotionGql, { description: 'Ends a promotion now' })
  endPromotion(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string) {
    return this.commands.execute(new EndPromotionCommand(ctx, id));
  }

  @Query(() => PromotionPageGql)
  promotions(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListPromotionsQuery(ctx, offset, limit));
  }
}
