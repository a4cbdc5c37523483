import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import type { StatementRow } from '../../domain/statement';
import { refreshPaymentStatuses } from '../payment-status';
import { assertOperator, selectStatements } from '../settlement-access';

export class IssueStatementsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly runId: unknown,
  ) {}
}

/** Issues a run's draft statements to their parties; issuing again changes nothing. */
@CommandHandler(IssueStatementsCommand)
export class IssueStatementsHandler implements ICommandHandler<IssueStatementsCommand, StatementRow[]> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, runId: input }: IssueStatementsCommand): Promise<StatementRow[]> {
    const runId = parseInput(uuidSchema, input);
    return this.db.inTenant(ctx, async (tx) => {
      const statements = await selectStatements(tx, 'where run_id = ? order by party_id nulls last for update', [runId]);
      if (statements.length === 0) throw notFound('STATEMENTS_NOT_FOUND', 'No statements for this clearing run (yet)');
      assertOperator(ctx, statements[0]);
      await tx.execute(`update settlement.statement set status = 'issued', issued_at = now() where run_id = ? and status = 'draft'`, [runId]);
      await refreshPaymentStatuses(tx, runId);
      return selectStatements(tx, 'where run_id = ? order by party_id nulls last', [runId]);
    });
  }
}
