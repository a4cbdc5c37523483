import { UseGuards } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { Args, Field, ID, InputType, Int, Mutation, ObjectType, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ConfigureCheckoutPolicyCommand } from '../../application/commands/configure-checkout-policy.command';
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

@Resolver()
@UseGuards(StaffAuthGuard)
export class CheckoutResolver {
  constructor(private readonly commands: CommandBus) {}

  @Mutation(() => CheckoutPolicyGql, { description: 'Sets how a merchant’s checkouts take points as money and how long quotes hold' })
  configureCheckoutPolicy(@Ctx() ctx: RequestContext, @Args('input') input: CheckoutPolicyInputGql) {
    return this.commands.execute(new ConfigureCheckoutPolicyCommand(ctx, withoutNulls(input)));
  }
}
