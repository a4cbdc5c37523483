import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CreateCouponRuleCommand } from '../../application/commands/create-coupon-rule.command';
import { CreateCouponTemplateCommand } from '../../application/commands/create-coupon-template.command';
import { IssueCouponCommand } from '../../application/commands/issue-coupon.command';
import { RevokeCouponCommand } from '../../application/commands/revoke-coupon.command';
import { ListCouponRulesQuery, ListCouponTemplatesQuery, ListMemberCouponsQuery } from '../../application/queries/coupon.queries';
import { CouponGql, CouponPageGql, CouponRuleGql, CouponRuleInputGql, CouponRulePageGql, CouponStatusGql, CouponTemplateGql, CouponTemplateInputGql, CouponTemplatePageGql } from './coupons.types';
import { withoutNulls } from './graphql-input';

@Resolver()
@UseGuards(StaffAuthGuard)
export class CouponsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => CouponTemplateGql, { description: 'A coupon template of a merchant' })
  createCouponTemplate(@Ctx() ctx: RequestContext, @Args('input') input: CouponTemplateInputGql) {
    return this.commands.execute(new CreateCouponTemplateCommand(ctx, withoutNulls(input)));
  }

  @Query(() => CouponTemplatePageGql)
  couponTemplates(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListCouponTemplatesQuery(ctx, offset, limit));
  }

  @Mutation(() => CouponGql, { description: '发券: gives a member a coupon, with a reason' })
  issueCoupon(
    @Ctx() ctx: RequestContext,
    @Args('templateId', { type: () => GraphQLUUID }) templateId: string,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('reason') reason: string,
  ) {
    return this.commands.execute(new IssueCouponCommand(ctx, { templateId, memberId, reason }));
  }

  @Mutation(() => CouponGql, { description: '作废: revokes a coupon not yet used, with a reason' })
  revokeCoupon(@Ctx() ctx: RequestContext, @Args('couponId', { type: () => GraphQLUUID }) couponId: string, @Args('reason') reason: string) {
    return this.commands.execute(new RevokeCouponCommand(ctx, { couponId, reason }));
  }

  @Query(() => CouponPageGql, { description: 'A member’s coupons, newest first' })
  memberCoupons(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args() page: PageArgs,
    @Args('status', { type: () => CouponStatusGql, nullable: true }) status?: CouponStatusGql,
  ) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListMemberCouponsQuery(ctx, memberId, { status: status ?? undefined }, offset, limit));
  }

  @Mutation(() => CouponRuleGql, { description: '自动发券: issues a template’s coupons on an occasion' })
  createCouponRule(@Ctx() ctx: RequestContext, @Args('input') input: CouponRuleInputGql) {
    return this.commands.execute(new CreateCouponRuleCommand(ctx, withoutNulls(input)));
  }

  @Query(() => CouponRulePageGql)
  couponRules(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListCouponRulesQuery(ctx, offset, limit));
  }
}
