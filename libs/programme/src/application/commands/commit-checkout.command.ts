import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, POINTS_REDEEMED_V1, type PointsRedeemedV1 } from '@loyalty/events';
import { LedgerService, TRANSFER_KINDS } from '@loyalty/ledger';
import { assertRedemptionsNotHeld, PosWriteCommand, PosWriteEachInSavepoint, type PurchaseResult, RecordPurchaseHandler } from '@loyalty/loyalty';
import { canonicalJson, conflict, derivedId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { type PricedCheckout, priceCheckout } from '../../domain/checkout-pricing';
import { type CheckoutAccounts, CheckoutPricer } from '../checkout-pricer';
import { markCouponsUsed } from '../coupon-usage';
import { PointsGrant } from '../points-grant';
import { type CheckoutInput, checkoutInput, type CreateQuoteInput } from '../programme-inputs';
import { StoredValueService } from '../stored-value.service';

export class CommitCheckoutCommand extends PosWriteCommand {}

export interface CheckoutResult extends PricedCheckout {
  quoteId: string;
  orderNo: string;
  purchaseId: string;
  pointsEarned: number;
  pointsBalance: number;
}

interface QuoteRow {
  id: string;
  storeId: string;
  memberId: string;
  request: CreateQuoteInput;
  result: PricedCheckout;
  status: 'OPEN' | 'COMMITTED';
  expiresAt: string;
}

/**
 * 结算: commits a quote as an order, all or nothing — prices it again under the locks of every
 * account and coupon it moves and refuses it when anything changed (QUOTE_CHANGED) or its time
 * ran out (QUOTE_EXPIRED); then records the purchase (points and growth earned on the money
 * paid), uses the coupons, takes the points and the stored value. Two checkouts spending the same
 * coupon or balance: one wins.
 */
@CommandHandler(CommitCheckoutCommand)
export class CommitCheckoutHandler extends PosWriteEachInSavepoint<typeof checkoutInput, CheckoutResult> {
  protected readonly endpoint = 'POST /api/pos/v1/checkouts';
  protected readonly schema = checkoutInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly pricer: CheckoutPricer,
    private readonly storedValue: StoredValueService,
    private readonly purchases: RecordPurchaseHandler,
    private readonly pointsGrant: PointsGrant,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: CheckoutInput, idempotencyKey: string): Promise<WriteOutcome<CheckoutResult>> {
    const [quote] = await tx.execute<QuoteRow[]>(
      `select id, store_id as "storeId", member_id as "memberId", request, result, status, expires_at as "expiresAt"
       from checkout_quote where id = ? for update`,
      [data.quoteId],
    );
    if (!quote || quote.storeId !== ctx.storeId) throw notFound('QUOTE_NOT_FOUND', 'No such quote at this store');
    if (quote.status === 'COMMITTED') throw conflict('QUOTE_ALREADY_COMMITTED', 'This quote has been checked out already');
    const now = new Date();
    if (now >= new Date(quote.expiresAt)) throw unprocessable('QUOTE_EXPIRED', `The quote expired at ${new Date(quote.expiresAt).toISOString()}: quote again`);

    const { state, accounts } = await this.pricer.state(tx, ctx, quote.memberId, quote.request, { lock: true });
    const priced = priceCheckout(state);
    if (canonicalJson(priced) !== canonicalJson(quote.result)) {
      throw conflict('QUOTE_CHANGED', 'Prices, balances or coupons changed since the quote: quote again', {
        quoted: { payableFen: quote.result.payableFen, cashDueFen: quote.result.cashDueFen },
        now: { payableFen: priced.payableFen, cashDueFen: priced.cashDueFen },
      });
    }

    if (priced.pointsUsed > 0) await assertRedemptionsNotHeld(tx, ctx.merchantId!, quote.memberId);

    // The purchase, as the till would record it: the money paid, line by line.
    const [recorded] = await this.purchases.applyBatch(tx, [
      {
        ctx,
        key: `checkout:${quote.id}`,
        endpoint: this.endpoint,
        body: data,
        data: { memberId: quote.memberId, orderNo: data.orderNo, amountFen: priced.payableFen, lines: priced.lines.map((l) => ({ sku: l.sku, ...(l.name ? { name: l.name } : {}), quantity: l.quantity, amountFen: l.payableFen })) },
      },
    ]);
    if (!recorded.ok) throw recorded.error;
    const purchase = recorded.outcome.body as PurchaseResult;

    await markCouponsUsed(tx, ctx, new Map(priced.coupons.map((c) => [c.couponId, c.discountFen])), data.orderNo, now);
    let pointsBalance = purchase.pointsBalance;
    if (priced.pointsUsed > 0) {
      const transferId = derivedId(quote.id, 'points');
      const transfer = await this.ledger.createTransfers(tx, ctx, [
        {
          id: transferId,
          debitAccountId: accounts.points,
          creditAccountId: accounts.pointsRedemption,
          amount: priced.pointsUsed,
          kind: TRANSFER_KINDS.REDEEM,
          merchantId: ctx.merchantId,
          storeId: ctx.storeId,
          memberId: quote.memberId,
          reference: data.orderNo,
        },
      ]);
      if (!transfer[0].ok) throw transfer[0].error;
      pointsBalance = transfer[0].available!.debit;
      await appendToOutbox(tx, ctx, [
        {
          type: POINTS_REDEEMED_V1,
          key: quote.memberId,
          payload: {
            memberId: quote.memberId,
            merchantId: ctx.merchantId!,
            storeId: ctx.storeId!,
            transferId,
            orderNo: data.orderNo,
            points: priced.pointsUsed,
            balanceAfter: pointsBalance,
            occurredAt: now.toISOString(),
          } satisfies PointsRedeemedV1,
        },
      ]);
    }
    if (priced.balancePrincipalFen + priced.balanceBonusFen > 0) {
      await this.storedValue.pay(tx, ctx, accounts.storedValue, {
        memberId: quote.memberId,
        orderNo: data.orderNo,
        principalFen: priced.balancePrincipalFen,
        bonusFen: priced.balanceBonusFen,
        idempotencyKey,
      });
    }
    for (const cashback of priced.cashbacks) await this.payCashback(tx, ctx, quote, accounts, cashback, data.orderNo, now);
    if (priced.cashbacks.some((c) => c.into === 'POINTS')) pointsBalance = (await this.ledger.availableOf(tx, [accounts.points])).get(accounts.points)!;
    await tx.execute(`update checkout_quote set status = 'COMMITTED', order_no = ?, purchase_id = ?, committed_at = ? where id = ?`, [data.orderNo, purchase.purchaseId, now, quote.id]);
    return {
      status: 201,
      body: { quoteId: quote.id, orderNo: data.orderNo, purchaseId: purchase.purchaseId, pointsEarned: purchase.pointsEarned, pointsBalance, ...priced },
    };
  }

  /** 满额返现: the cashback an order earned, into the member's stored value (as bonus) or points, with its event. */
  private async payCashback(
    tx: Tx,
    ctx: RequestContext,
    quote: QuoteRow,
    accounts: CheckoutAccounts,
    cashback: PricedCheckout['cashbacks'][number],
    orderNo: string,
    now: Date,
  ): Promise<void> {
    const transferId = derivedId(quote.id, 'cashback', cashback.promotionId);
    if (cashback.into === 'STORED_VALUE') {
      const common = { id: transferId, amount: cashback.amount, merchantId: ctx.merchantId, storeId: ctx.storeId, memberId: quote.memberId, reference: orderNo, occurredAt: now };
      const sv = accounts.storedValue;
      await this.storedValue.transfer(tx, ctx, [{ ...common, debitAccountId: sv.bonusIssuance, creditAccountId: sv.bonus, kind: TRANSFER_KINDS.SV_BONUS }]);
      await this.storedValue.changed(tx, ctx, sv, { memberId: quote.memberId, kind: 'cashback', orderNo, principalDeltaFen: 0, bonusDeltaFen: cashback.amount });
      return;
    }
    await this.pointsGrant.grant(tx, ctx, { memberId: quote.memberId, points: cashback.amount, transferId, reference: orderNo });
  }
}
