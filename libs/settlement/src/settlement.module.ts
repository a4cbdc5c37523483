import { Module } from '@nestjs/common';
import { StaffAuthModule } from '@loyalty/tenancy';
import { SettlementResolver } from './api/graphql/settlement.resolver';
import { StatementExportController } from './api/rest/statement-export.controller';
import { ConfirmPaymentHandler } from './application/commands/confirm-payment.command';
import { DisputeStatementHandler } from './application/commands/dispute-statement.command';
import { IssueStatementsHandler } from './application/commands/issue-statements.command';
import { ReconcileStatementHandler } from './application/commands/reconcile-statement.command';
import { ResolveDisputeHandler } from './application/commands/resolve-dispute.command';
import { CreateStatementsHandler } from './application/event-handlers/create-statements.handler';
import { GetReconciliationHandler, GetStatementHandler, ListStatementsHandler } from './application/queries/settlement.queries';

/** 结算: statements from clearing runs, payment instructions, confirmations, disputes, reconciliation. */
@Module({
  imports: [StaffAuthModule],
  controllers: [StatementExportController],
  providers: [
    CreateStatementsHandler,
    IssueStatementsHandler,
    ConfirmPaymentHandler,
    DisputeStatementHandler,
    ResolveDisputeHandler,
    ReconcileStatementHandler,
    ListStatementsHandler,
    GetStatementHandler,
    GetReconciliationHandler,
    SettlementResolver,
  ],
  exports: [CreateStatementsHandler],
})
export class SettlementModule {}
