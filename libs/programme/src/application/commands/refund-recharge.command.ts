import { CommandHandler } from '@nestjs/cqrs';
import { pgArray, type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { TRANSFER_KINDS, type TransferRequest } from '@loyalty/ledger';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { mulDivFloor, newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { refundAmount } from '../../domain/stored-value-rules';
import { type StoredValueRefundInput, storedValueRefundInput } from '../programme-inputs';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class RefundRechargeCommand extends PosWriteCommand {}

export interface RechargeRefundResult extends StoredValueBalances {
  orderNo: string;
  /** Principal taken out of the member's stored value. */
  principalRefundedFen: number;
  /** Money to hand back: the principal less any bonus the member already spent. */
  cashBackFen: number;
  /** Bonus given up: parts not yet released, bonus held, and bonus already spent (paid from the principal). */
  bonusForfeitedFen: number;
}

interface RechargeRow {
  id: string;
  memberId: string;
  principalFen: number;
  bonusFen: number;
  refundedPrincipalFen: number;
  bonusForfeitedFen: number;
}

/**
 * 退卡/退储值: pays back all or part of a recharge's principal that the member still holds. Its bonus
 * goes in the same proportion (cumulative; all of it with the last of the principal): first the
 * parts not yet released, then bonus the member holds; bonus already spent is kept back from the
 * money returned, so a recharge refunded never leaves the member the bonus for free.
 */
@CommandHandler(RefundRechargeCommand)
export class RefundRechargeHandler extends PosWriteEachInSavepoint<typeof storedValueRefundInput, RechargeRefundResult> {
  protected readonly endpoint = 'POST /api/pos/v1/stored-value/recharge-refunds';
  protected readonly schema = storedValueRefundInput;

  constructor(
    batcher: WriteBatcher,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: StoredValueRefundInput): Promise<WriteOutcome<RechargeRefundResult>> {
    const [recharge] = await tx.execute<RechargeRow[]>(
      `select id, member_id as "memberId", principal_fen as "principalFen", bonus_fen as "bonusFen",
              refunded_principal_fen as "refundedPrincipalFen", bonus_forfeited_fen as "bonusForfeitedFen"
       from stored_value_recharge where store_id = ? and order_no = ? for update`,
      [ctx.storeId, data.orderNo],
    );
    if (!recharge) throw notFound('ORDER_NOT_FOUND', `No recharge ${data.orderNo} at this store`);
    const refundFen = refundAmount({ totalFen: recharge.principalFen, refundedFen: recharge.refundedPrincipalFen, kind: 'recharge' }, data.amountFen);
    const accounts = await this.storedValue.accounts(tx, ctx, recharge.memberId);
    const held = await this.storedValue.lockBalances(tx, ctx, accounts, [accounts.issuance, accounts.bonusIssuance]);
    if (refundFen > held.principalBalanceFen) {
      throw unprocessable('INSUFFICIENT_BALANCE', 'The member no longer holds this much principal', { availableFen: held.principalBalanceFen, requestedFen: refundFen });
    }

    const refundedTotal = recharge.refundedPrincipalFen + refundFen;
    const forfeitTarget = refundedTotal >= recharge.principalFen ? recharge.bonusFen : mulDivFloor(recharge.bonusFen, refundedTotal, recharge.principalFen);
    let toForfeit = forfeitTarget - recharge.bonusForfeitedFen;
    // Parts not yet released first, the latest first.
    const scheduled = await tx.execute<{ id: string; amountFen: number }[]>(
      `select id, amount_fen as "amountFen" from stored_value_bonus_release where recharge_id = ? and status = 'SCHEDULED' order by due_at desc for update`,
      [recharge.id],
    );
    const cancelled: string[] = [];
    let cancelledFen = 0;
    for (const part of scheduled) {
      if (toForfeit - cancelledFen < part.amountFen) break;
      cancelled.push(part.id);
      cancelledFen += part.amountFen;
    }
    if (cancelled.length > 0) {
      await tx.execute(`update stored_value_bonus_release set status = 'CANCELLED' where id = any(?::uuid[])`, [pgArray(cancelled)]);
    }
    toForfeit -= cancelledFen;
    // A part larger than what is left to forfeit stays scheduled: the rest comes from the balance.
    const fromBonus = Math.min(toForfeit, held.bonusBalanceFen);
    const spentBonus = toForfeit - fromBonus;
    const cashBack = refundFen - spentBonus;

    const common = { merchantId: ctx.merchantId, storeId: ctx.storeId, memberId: recharge.memberId, reference: data.orderNo };
    const transfers: TransferRequest[] = [
      { ...common, id: newId(), kind: TRANSFER_KINDS.SV_RECHARGE_REFUND, debitAccountId: accounts.principal, creditAccountId: accounts.issuance, amount: cashBack },
      { ...common, id: newId(), kind: TRANSFER_KINDS.SV_BONUS_FORFEIT, debitAccountId: accounts.bonus, creditAccountId: accounts.bonusIssuance, amount: fromBonus },
      { ...common, id: newId(), kind: TRANSFER_KINDS.SV_BONUS_FORFEIT, debitAccountId: accounts.principal, creditAccountId: accounts.bonusIssuance, amount: spentBonus },
    ];
    await this.storedValue.transfer(tx, ctx, transfers);
    await tx.execute('update stored_value_recharge set refunded_principal_fen = ?, bonus_forfeited_fen = ? where id = ?', [refundedTotal, forfeitTarget, recharge.id]);
    return {
      status: 201,
      body: {
        orderNo: data.orderNo,
        principalRefundedFen: refundFen,
        cashBackFen: cashBack,
        bonusForfeitedFen: cancelledFen + fromBonus + spentBonus,
        ...(await this.storedValue.changed(tx, ctx, accounts, {
          memberId: recharge.memberId,
          kind: 'recharge_refund',
          orderNo: data.orderNo,
          principalDeltaFen: -refundFen,
          bonusDeltaFen: -fromBonus,
        })),
      },
    };
  }
}
