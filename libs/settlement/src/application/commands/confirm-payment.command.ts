import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { conflict, newId, notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { refreshPaymentStatuses } from '../payment-status';
import { assertOperator, loadStatement } from '../settlement-access';
import { confirmPaymentInput } from '../settlement-inputs';

export class ConfirmPaymentCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

export interface PaymentConfirmation {
  id: string;
  instructionId: string;
  amountFen: number;
  reference: string;
  paidAt: Date;
  source: string;
  confirmedBy: string;
  createdAt: Date;
}

/**
 * Records a payment against an instruction, by hand or from a bank integration. The reference makes
 * it idempotent: the same reference again returns the first confirmation; never more than owed.
 */
@CommandHandler(ConfirmPaymentCommand)
export class ConfirmPaymentHandler implements ICommandHandler<ConfirmPaymentCommand, PaymentConfirmation> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: ConfirmPaymentCommand): Promise<PaymentConfirmation> {
    const data = parseInput(confirmPaymentInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const [instruction] = await tx.execute<{ id: string; statementId: string; runId: string; amountFen: number; confirmedFen: number }[]>(
        `select id, statement_id as "statementId", run_id as "runId", amount_fen as "amountFen", confirmed_fen as "confirmedFen"
         from settlement.payment_instruction where id = ? for update`,
        [data.instructionId],
      );
      if (!instruction) throw notFound('PAYMENT_INSTRUCTION_NOT_FOUND', 'No such payment instruction');
      const statement = await loadStatement(tx, instruction.statementId, true);
      assertOperator(ctx, statement);
      const [existing] = await this.find(tx, 'instruction_id = ? and reference = ?', [instruction.id, data.reference]);
      if (existing) {
        if (existing.amountFen !== data.amountFen) throw conflict('CONFIRMATION_CONFLICT', 'This reference was already confirmed with another amount');
        return existing;
      }
      if (statement.status === 'draft') throw conflict('STATEMENT_NOT_ISSUED', 'The statement has not been issued yet');
      if (statement.status === 'reconciled') throw conflict('STATEMENT_RECONCILED', 'The statement is already reconciled');
      const outstanding = instruction.amountFen - instruction.confirmedFen;
      if (data.amountFen > outstanding) {
        throw unprocessable('OVERPAYMENT', 'The amount is more than is outstanding on this instruction', { outstandingFen: outstanding, amountFen: data.amountFen });
      }
      const id = newId();
      await tx.execute(
        `insert into settlement.payment_confirmation (id, tenant_id, instruction_id, party_merchant_id, operator_merchant_id, amount_fen, reference, paid_at, source, confirmed_by, created_at)
         values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`,
        [id, statement.tenantId, instruction.id, statement.partyMerchantId, statement.operatorMerchantId, data.amountFen, data.reference, new Date(data.paidAt), data.source, ctx.actorId],
      );
      await tx.execute('update settlement.payment_instruction set confirmed_fen = confirmed_fen + ? where id = ?', [data.amountFen, instruction.id]);
      await refreshPaymentStatuses(tx, instruction.runId);
      return (await this.find(tx, 'id = ?', [id]))[0];
    });
  }

  private async find(tx: Tx, where: string, params: unknown[]): Promise<PaymentConfirmation[]> {
    const rows = await tx.execute<(PaymentConfirmation & { paidAt: string; createdAt: string })[]>(
      `select id, instruction_id as "instructionId", amount_fen as "amountFen", reference, paid_at as "paidAt", source, confirmed_by as "confirmedBy", created_at as "createdAt"
       from settlement.payment_confirmation where ${where}`,
      params,
    );
    return rows.map((row) => ({ ...row, paidAt: new Date(row.paidAt), createdAt: new Date(row.createdAt) }));
  }
}
