import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ReleaseRedemptionHoldsCommand } from '../../application/commands/release-redemption-holds.command';
import { ListRedemptionHoldsQuery } from '../../application/queries/list-redemption-holds.query';

@ObjectType('RedemptionHold', { description: "A hold on a member's redemptions at a merchant, put by an anomaly rule set to hold, until staff release it" })
export class RedemptionHoldGql {
  @Field(() => ID, { description: "The anomaly's id" }) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field(() => ID) memberId!: string;
  @Field(() => ID, { nullable: true }) storeId!: string | null;
  @Field() rule!: string;
  @Field() detail!: string;
  @Field(() => GraphQLISODateTime) occurredAt!: Date;
  @Field(() => GraphQLISODateTime) heldAt!: Date;
  @Field(() => GraphQLISODateTime, { nullable: true }) releasedAt!: Date | null;
  @Field(() => String, { nullable: true, description: 'The staff member who released it' }) releasedBy!: string | null;
  @Field(() => String, { nullable: true }) releaseReason!: string | null;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class RedemptionHoldsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => [RedemptionHoldGql], { description: "Holds on members' redemptions, latest first" })
  redemptionHolds(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
    @Args('open', { nullable: true, defaultValue: false, description: 'Only the holds still open' }) open?: boolean,
    @Args('offset', { type: () => Int, defaultValue: 0 }) offset?: number,
    @Args('limit', { type: () => Int, defaultValue: 50, description: 'At most 200' }) limit?: number,
  ) {
    return this.queries.execute(new ListRedemptionHoldsQuery(ctx, { memberId, open, offset, limit }));
  }

  @Mutation(() => [RedemptionHoldGql], { description: "Releases the member's open holds at the merchant after review, with the reason" })
  releaseRedemptionHolds(
    @Ctx() ctx: RequestContext,
    @Args('memberId', { type: () => GraphQLUUID }) memberId: string,
    @Args('reason') reason: string,
    @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: 'Operator: the merchant' }) merchantId?: string,
  ) {
    return this.commands.execute(new ReleaseRedemptionHoldsCommand(ctx, { memberId, merchantId, reason }));
  }
}
