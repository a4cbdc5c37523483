import { UseGuards } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Args, Query, Resolver } from '@nestjs/graphql';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { GraphQLUUID, checkedPage, PageArgs, type RequestContext } from '@loyalty/shared';
import { ListAccountsQuery, ListTransfersQuery } from '../../application/queries/ledger.queries';
import { LedgerAccountPageGql, LedgerTransferPageGql } from './ledger.types';

@Resolver()
@UseGuards(StaffAuthGuard)
export class LedgerResolver {
  constructor(private readonly queries: QueryBus) {}

  @Query(() => LedgerAccountPageGql)
  accounts(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Args('ownerId', { type: () => GraphQLUUID, nullable: true }) ownerId?: string,
    @Args('code', { nullable: true }) code?: string,
    @Args('asset', { nullable: true }) asset?: string,
  ) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListAccountsQuery(ctx, { ownerId, code, asset }, offset, limit));
  }

  @Query(() => LedgerTransferPageGql)
  transfers(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Args('accountId', { type: () => GraphQLUUID, nullable: true }) accountId?: string,
    @Args('memberId', { type: () => GraphQLUUID, nullable: true }) memberId?: string,
    @Args('kind', { nullable: true }) kind?: string,
  ) {
    const { offset, limit } = checkedPage(page);
    return this.queries.execute(new ListTransfersQuery(ctx, { accountId, memberId, kind }, offset, limit));
  }
}
