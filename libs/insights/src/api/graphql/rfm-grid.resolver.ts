import { UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Field, Int, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { GraphQLSafeInt, GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { GetRfmGridQuery } from '../../application/queries/rfm-grid.query';

@ObjectType('RfmGridCell', { description: 'Members scored R = r and F = f (5 best)' })
export class RfmGridCellGql {
  @Field(() => Int) r!: number;
  @Field(() => Int) f!: number;
  @Field(() => Int) members!: number;
  @Field(() => GraphQLSafeInt, { description: 'Their net spend over the window, 分' }) monetaryFen!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class RfmGridResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => [RfmGridCellGql], { description: 'RFM heat map: members per recency × frequency score, all 25 cells, R 5 first' })
  rfmGrid(@Ctx() ctx: RequestContext, @Args('merchantId', { type: () => GraphQLUUID, nullable: true, description: "Operator: one merchant's; none: the alliance's" }) merchantId?: string) {
    return this.queries.execute(new GetRfmGridQuery(ctx, merchantId));
  }
}
