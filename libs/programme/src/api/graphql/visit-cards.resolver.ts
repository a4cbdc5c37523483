import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, GraphQLISODateTime, ID, InputType, Int, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import { checkedPage, GraphQLSafeInt, GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { CreateVisitCardProductCommand } from '../../application/commands/create-visit-card-product.command';
import { ListMemberVisitCardsQuery, ListVisitCardProductsQuery } from '../../application/queries/visit-card.queries';
import { withoutNulls } from './graphql-input';

@InputType('VisitCardProductInput')
export class VisitCardProductInputGql {
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field({ description: 'The service each use is for' }) service!: string;
  @Field(() => Int, { nullable: true, description: 'Uses included; none: unlimited within the validity (月卡/年卡)' }) uses?: number;
  @Field(() => GraphQLSafeInt, { description: '分' }) priceFen!: number;
  @Field(() => Int) validDays!: number;
}

@ObjectType('VisitCardProduct', { description: '次卡 (N uses) or 月卡/年卡 (unlimited uses) a merchant sells' })
export class VisitCardProductGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) merchantId!: string;
  @Field() name!: string;
  @Field() service!: string;
  @Field(() => Int, { nullable: true }) uses!: number | null;
  @Field(() => GraphQLSafeInt) priceFen!: number;
  @Field(() => Int) validDays!: number;
}

@ObjectType('VisitCardProductPage')
export class VisitCardProductPageGql {
  @Field(() => [VisitCardProductGql]) items!: VisitCardProductGql[];
  @Field(() => Int) total!: number;
}

@ObjectType('VisitCard')
export class VisitCardGql {
  @Field(() => ID) id!: string;
  @Field(() => ID) productId!: string;
  @Field(() => ID) memberId!: string;
  @Field() orderNo!: string;
  @Field() service!: string;
  @Field(() => Int, { nullable: true }) usesTotal!: number | null;
  @Field(() => Int, { nullable: true }) usesLeft!: number | null;
  @Field(() => GraphQLSafeInt) priceFen!: number;
  @Field(() => GraphQLSafeInt) storedValuePaidFen!: number;
  @Field(() => GraphQLISODateTime) soldAt!: Date;
  @Field(() => GraphQLISODateTime) expiresAt!: Date;
}

@ObjectType('VisitCardPage')
export class VisitCardPageGql {
  @Field(() => [VisitCardGql]) items!: VisitCardGql[];
  @Field(() => Int) total!: number;
}

@Resolver()
@UseGuards(StaffAuthGuard)
export class VisitCardsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Mutation(() => VisitCardProductGql)
  createVisitCardProduct(@Ctx() ctx: RequestContext, @Args('input') input: VisitCardProductInputGql) {
    return this.commands.execute(new CreateVisitCardProductCommand(ctx, withoutNulls(input)));
  }

  @Query(() => VisitCardProductPageGql)
  visitCardProducts(@Ctx() ctx: RequestContext, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListVisitCardProductsQuery(ctx, offset, limit));
  }

  @Query(() => VisitCardPageGql, { description: 'A member’s visit cards, newest first' })
  memberVisitCards(@Ctx() ctx: RequestContext, @Args('memberId', { type: () => GraphQLUUID }) memberId: string, @Args() page: PageArgs) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListMemberVisitCardsQuery(ctx, memberId, null, offset, limit));
  }
}
