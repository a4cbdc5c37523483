import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import type { StatementRow } from '../../domain/statement';
import { refreshPaymentStatuses } from '../payment-status';
import { assertOperator, loadStatement } from '../settlement-access';
import { resolveDisputeInput } from '../settlement-inputs';

export class ResolveDisputeCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * The operator closes a dispute with a resolution; the statement goes back to where its payments
 * put it. A correction of the amounts themselves is an adjustment in the next clearing run.
 */
@CommandHandler(ResolveDisputeCommand)
export class ResolveDisputeHandler implements ICommandHandler<ResolveDisputeCommand, StatementRow> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: ResolveDisputeCommand): Promise<StatementRow> {
    const data = parseInput(resolveDisputeInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const [dispute] = await tx.execute<{ id: string; statementId: string; status: string }[]>(
        'select id, statement_id as "statementId", status from settlement.dispute where id = ? for update',
        [data.disputeId],
      );
      if (!dispute) throw notFound('DISPUTE_NOT_FOUND', 'No such dispute');
      const statement = await loadStatement(tx, dispute.statementId, true);
      assertOperator(ctx, statement);
      if (dispute.status !== 'open') throw conflict('DISPUTE_RESOLVED', 'The dispute is already resolved');
      await tx.execute(`update settlement.dispute set status = 'resolved', resolution = ?, resolved_by = ?, resolved_at = now() where id = ?`, [
        data.resolution,
        ctx.actorId,
        dispute.id,
      ]);
      await tx.execute(`update settlement.statement set status = 'issued' where id = ?`, [statement.id]);
      await refreshPaymentStatuses(tx, statement.runId);
      return loadStatement(tx, statement.id);
    });
  }
}
