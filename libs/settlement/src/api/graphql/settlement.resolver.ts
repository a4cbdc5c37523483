import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Mutation, Query, Resolver } from '@nestjs/graphql';
import { GraphQLUUID, PageArgs, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { ConfirmPaymentCommand } from '../../application/commands/confirm-payment.command';
import { DisputeStatementCommand } from '../../application/commands/dispute-statement.command';
import { IssueStatementsCommand } from '../../application/commands/issue-statements.command';
import { ReconcileStatementCommand } from '../../application/commands/reconcile-statement.command';
import { ResolveDisputeCommand } from '../../application/commands/resolve-dispute.command';
import { GetReconciliationQuery, GetStatementQuery, ListStatementsQuery } from '../../application/queries/settlement.queries';
import {
  ConfirmPaymentInput,
  DisputeStatementInput,
  PaymentConfirmationGql,
  ReconciliationLineGql,
  ResolveDisputeInput,
  StatementDetailGql,
  StatementGql,
  StatementStatusGql,
} from './settlement.types';

@Resolver()
@UseGuards(StaffAuthGuard)
export class SettlementResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => [StatementGql], { description: 'Statements the caller may see, latest period first' })
  settlementStatements(
    @Ctx() ctx: RequestContext,
    @Args() page: PageArgs,
    @Args('runId', { type: () => GraphQLUUID, nullable: true }) runId?: string,
    @Args('status', { type: () => StatementStatusGql, nullable: true }) status?: StatementStatusGql,
  ) {
    return this.queries.execute(new ListStatementsQuery(ctx, { runId, status }, page));
  }

  @Query(() => StatementDetailGql)
  settlementStatement(@Ctx() ctx: RequestContext, @Args('id', { type: () => GraphQLUUID }) id: string) {
    return this.queries.execute(new GetStatementQuery(ctx, id));
  }

  @Query(() => [ReconciliationLineGql])
  reconciliation(@Ctx() ctx: RequestContext, @Args('runId', { type: () => GraphQLUUID }) runId: string) {
    return this.queries.execute(new GetReconciliationQuery(ctx, runId));
  }

  @Mutation(() => [StatementGql], { description: "Issues a clearing run's draft statements to their parties" })
  issueStatements(@Ctx() ctx: RequestContext, @Args('runId', { type: () => GraphQLUUID }) runId: string) {
    return this.commands.execute(new IssueStatementsCommand(ctx, runId));
  }

  @Mutation(() => PaymentConfirmationGql)
  confirmPayment(@Ctx() ctx: RequestContext, @Args('input') input: ConfirmPaymentInput) {
    return this.commands.execute(new ConfirmPaymentCommand(ctx, input));
  }

  @Mutation(() => StatementGql)
  disputeStatement(@Ctx() ctx: RequestContext, @Args('input') input: DisputeStatementInput) {
    return this.commands.execute(new DisputeStatementCommand(ctx, input));
  }

  @Mutation(() => StatementGql)
  resolveDispute(@Ctx() ctx: RequestContext, @Args('input') input: ResolveDisputeInput) {
    return this.commands.execute(new ResolveDisputeCommand(ctx, input));
  }

  @Mutation(() => StatementGql)
  reconcileStatement(@Ctx() ctx: RequestContext, @Args('statementId', { type: () => GraphQLUUID }) statementId: string) {
    return this.commands.execute(new ReconcileStatementCommand(ctx, statementId));
  }
}
