import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { conflict, forbidden, newId, parseInput, type RequestContext } from '@loyalty/shared';
import type { StatementRow } from '../../domain/statement';
import { isOperatorOf, loadStatement } from '../settlement-access';
import { disputeStatementInput } from '../settlement-inputs';

export class DisputeStatementCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** The party (or the operator) disputes an issued statement; it is held until the dispute is resolved. */
@CommandHandler(DisputeStatementCommand)
export class DisputeStatementHandler implements ICommandHandler<DisputeStatementCommand, StatementRow> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: DisputeStatementCommand): Promise<StatementRow> {
    const data = parseInput(disputeStatementInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const statement = await loadStatement(tx, data.statementId, true);
      const isParty = ctx.roles.includes('MERCHANT_ADMIN') && statement.partyMerchantId !== null && ctx.merchantId === statement.partyMerchantId;
      if (!isParty && !isOperatorOf(ctx, statement)) throw forbidden('Only the party or the operator may dispute a statement');
      if (statement.status === 'draft') throw conflict('STATEMENT_NOT_ISSUED', 'The statement has not been issued yet');
      if (statement.status === 'reconciled') throw conflict('STATEMENT_RECONCILED', 'The statement is already reconciled');
      if (statement.status === 'disputed') throw conflict('DISPUTE_OPEN', 'The statement is already disputed');
      await tx.execute(
        `insert into settlement.dispute (id, tenant_id, statement_id, party_merchant_id, operator_merchant_id, reason, amount_fen, status, raised_by, created_at)
         values (?, ?, ?, ?, ?, ?, ?, 'open', ?, now())`,
        [newId(), statement.tenantId, statement.id, statement.partyMerchantId, statement.operatorMerchantId, data.reason, data.amountFen ?? null, ctx.actorId],
      );
      await tx.execute(`update settlement.statement set status = 'disputed' where id = ?`, [statement.id]);
      return loadStatement(tx, statement.id);
    });
  }
}
