import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type BalancePaymentInput, balancePaymentInput } from '../programme-inputs';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class PayFromBalanceCommand extends PosWriteCommand {}

export interface BalancePaymentResult extends StoredValueBalances {
  paymentId: string;
  amountFen: number;
  principalFen: number;
  bonusFen: number;
}

/**
 * 余额支付: pays an order from the member's stored value, principal and bonus in the merchant's
 * spend order, each part its own transfer. The member's accounts are locked first, so concurrent
 * payments never spend the same balance twice: one wins, the other gets INSUFFICIENT_BALANCE.
 */
@CommandHandler(PayFromBalanceCommand)
export class PayFromBalanceHandler extends PosWriteEachInSavepoint<typeof balancePaymentInput, BalancePaymentResult> {
  protected readonly endpoint = 'POST /api/pos/v1/stored-value/payments';
  protected readonly schema = balancePaymentInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: BalancePaymentInput, idempotencyKey: string): Promise<WriteOutcome<BalancePaymentResult>> {
    const member = await this.members.resolve(tx, data);
    const { accounts, ...split } = await this.storedValue.lockAndSplit(tx, ctx, member.id, data.amountFen);
    const { paymentId, balances } = await this.storedValue.pay(tx, ctx, accounts, { memberId: member.id, orderNo: data.orderNo, principalFen: split.principal, bonusFen: split.bonus, idempotencyKey });
    return {
      status: 201,
      body: { paymentId, amountFen: data.amountFen, principalFen: split.principal, bonusFen: split.bonus, ...balances },
    };
  }
}
