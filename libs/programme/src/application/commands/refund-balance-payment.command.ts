import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { TRANSFER_KINDS, type TransferRequest } from '@loyalty/ledger';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { newId, notFound, type RequestContext } from '@loyalty/shared';
import { principalRefunded, refundAmount } from '../../domain/stored-value-rules';
import { type StoredValueRefundInput, storedValueRefundInput } from '../programme-inputs';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class RefundBalancePaymentCommand extends PosWriteCommand {}

export interface BalancePaymentRefundResult extends StoredValueBalances {
  orderNo: string;
  refundedFen: number;
  principalFen: number;
  bonusFen: number;
}

interface PaymentRow {
  id: string;
  memberId: string;
  amountFen: number;
  principalFen: number;
  bonusFen: number;
  refundedPrincipalFen: number;
  refundedBonusFen: number;
}

/**
 * Refunds all or part of a balance payment made at this store: each part goes back where it came
 * from, principal to principal and bonus to bonus, in the payment's own proportion (cumulative, so
 * partial refunds never drift and the full refund returns exactly what was paid).
 */
@CommandHandler(RefundBalancePaymentCommand)
export class RefundBalancePaymentHandler extends PosWriteEachInSavepoint<typeof storedValueRefundInput, BalancePaymentRefundResult> {
  protected readonly endpoint = 'POST /api/pos/v1/stored-value/payment-refunds';
  protected readonly schema = storedValueRefundInput;

  constructor(
    batcher: WriteBatcher,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: StoredValueRefundInput): Promise<WriteOutcome<BalancePaymentRefundResult>> {
    const [payment] = await tx.execute<PaymentRow[]>(
      `select id, member_id as "memberId", amount_fen as "amountFen", principal_fen as "principalFen", bonus_fen as "bonusFen",
              refunded_principal_fen as "refundedPrincipalFen", refunded_bonus_fen as "refundedBonusFen"
       from stored_value_payment where store_id = ? and order_no = ? for update`,
      [ctx.storeId, data.orderNo],
    );
    if (!payment) throw notFound('ORDER_NOT_FOUND', `No balance payment ${data.orderNo} at this store`);
    const refunded = payment.refundedPrincipalFen + payment.refundedBonusFen;
    const refundFen = refundAmount({ totalFen: payment.amountFen, refundedFen: refunded, kind: 'payment' }, data.amountFen);
    const principal = principalRefunded(payment, refunded + refundFen) - payment.refundedPrincipalFen;
    const bonus = refundFen - principal;
    const accounts = await this.storedValue.accounts(tx, ctx, payment.memberId);
    const common = { merchantId: ctx.merchantId, storeId: ctx.storeId, memberId: payment.memberId, reference: data.orderNo, kind: TRANSFER_KINDS.SV_PAYMENT_REFUND };
    const transfers: TransferRequest[] = [
      { ...common, id: newId(), debitAccountId: accounts.redemption, creditAccountId: accounts.principal, amount: principal },
      { ...common, id: newId(), debitAccountId: accounts.redemption, creditAccountId: accounts.bonus, amount: bonus },
    ];
    await this.storedValue.transfer(tx, ctx, transfers);
    await tx.execute('update stored_value_payment set refunded_principal_fen = refunded_principal_fen + ?, refunded_bonus_fen = refunded_bonus_fen + ? where id = ?', [
      principal,
      bonus,
      payment.id,
    ]);
    return {
      status: 201,
      body: {
        orderNo: data.orderNo,
        refundedFen: refundFen,
        principalFen: principal,
        bonusFen: bonus,
        ...(await this.storedValue.changed(tx, ctx, accounts, { memberId: payment.memberId, kind: 'payment_refund', orderNo: data.orderNo, principalDeltaFen: principal, bonusDeltaFen: bonus })),
      },
    };
  }
}
