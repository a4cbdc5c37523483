import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ConfigureReferralProgramCommand } from '../../application/commands/configure-referral-program.command';
import { GetMerchantSettingQuery } from '../../application/queries/merchant-setting.queries';
import { ListReferralsQuery } from '../../application/queries/referral.queries';
import { withoutNulls } from './graphql-input';

@ObjectType('ReferralReward', { description: 'What both members get on one occasion' })
@InputType('ReferralRewardInput')
export class ReferralRewardGql {
  @Field(() => GraphQLSafeInt, { nullable: true }) inviterPoints?: number;
  @Field(() => GraphQLSafeInt, { nullable: true }) inviteePoints?: number;
  @Field(() => ID, { nullable: true }) inviterCouponTemplateId?: string | null;
  @Field(() => ID, { nullable: true }) inviteeCouponTemplateId?: string | null;
}

@InputType('ReferralProgramInput')
export class ReferralProgramInputGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => ReferralRewardGql, { nullable: true, description: 'When the invited member registers' }) onRegistration?: ReferralRewardGql;
  @Field(() => ReferralRewardGql, { nullable: true, description: 'When the invited member first buys at the merchant' }) onFirstPurchase?: ReferralRewardGql;
  @Field(() => Int, { nullable: true, description: 'Days after registering an invitation may be recorded (default 7)' }) windowDays?: number;
}

@ObjectType('ReferralProgram')
export class ReferralProgramGql {
  @Field(() => ID) merchantId!: string;
  @Field(() => ReferralRewardGql, { nullable: true }) onRegistration!: ReferralRewardGql | null;
  @Field(() => ReferralRewardGql, { nullable: true }) onFirstPurchase!: ReferralRewardGql | null;
  @Field(() => Int) windowDays!: number;
}

@ObjectType('Referral')
export class ReferralGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => ID) inviterMemberId!: string;
  @Field(() => ID) inviteeMemberId!: string;
  @Field(() => GraphQLISODateTime) createdAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) registrationRewardedAt!: Date | null;
  @Field(() => GraphQLISODateTime, { nullable: true }) firstPurchaseRewardedAt!: Date | null;
}

@ObjectType('ReferralPage')
export class ReferralPageGql {
  @Field(() => [ReferralGql]) items!: ReferralGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class ReferralsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => ReferralProgramGql, { description: '会员分享: sets a merchant’s referral rewards, on registration and/or first purchase' })
  configureReferralProgram(@Ctx() ctx: RequestContext, @Args('input') input: ReferralProgramInputGql) {
    return this.commands.execute(new ConfigureReferralProgramCommand(ctx, withoutNulls(input)));
  }

  @Query(() => ReferralProgramGql, { nullable: true, description: 'A merchant’s referral programme; null when it has none' })
  referralProgram(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID }) merchantId: string) {
    return this.queries.execute(new GetMerchantSettingQuery(ctx, 'referralProgram', merchantId));
  }

  @Query(() => ReferralPageGql, { description: 'Who the member invited, and who invited them, newest first' })
  memberReferrals(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListReferralsQuery(ctx, memberId, offset, limit));
  }
}
