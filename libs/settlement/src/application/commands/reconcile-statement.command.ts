import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import type { StatementRow } from '../../domain/statement';
import { paymentTotals } from '../payment-status';
import { assertOperator, loadStatement } from '../settlement-access';

export class ReconcileStatementCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly statementId: unknown,
  ) {}
}

/**
 * Closes a statement whose confirmed payments match what it owed, with no dispute open. Otherwise
 * refused with what is outstanding, so the operator knows what to chase.
 */
@CommandHandler(ReconcileStatementCommand)
export class ReconcileStatementHandler implements ICommandHandler<ReconcileStatementCommand, StatementRow> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, statementId: input }: ReconcileStatementCommand): Promise<StatementRow> {
    const statementId = parseInput(uuidSchema, input);
    return this.db.inTenant(ctx, async (tx) => {
      const statement = await loadStatement(tx, statementId, true);
      assertOperator(ctx, statement);
      if (statement.status === 'reconciled') return statement;
      if (statement.status === 'draft') throw conflict('STATEMENT_NOT_ISSUED', 'The statement has not been issued yet');
      if (statement.status === 'disputed') throw conflict('DISPUTE_OPEN', 'Resolve the dispute before reconciling');
      const totals = (await paymentTotals(tx, statement.runId)).get(statement.id)!;
      if (totals.confirmedFen !== totals.owedFen) {
        throw conflict('PAYMENTS_OUTSTANDING', 'Confirmed payments do not match what is owed', { ...totals, outstandingFen: totals.owedFen - totals.confirmedFen });
      }
      await tx.execute(`update settlement.statement set status = 'reconciled', reconciled_at = now() where id = ?`, [statement.id]);
      return loadStatement(tx, statement.id);
    });
  }
}
