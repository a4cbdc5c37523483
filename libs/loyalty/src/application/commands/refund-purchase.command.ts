import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, POINTS_REVERSED_V1, type PointsReversedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { newId, notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { PosWriteCommand, PosWriteEachInSavepoint } from '../pos-write.handler';
import { PurchaseHooks } from '../../contracts/purchase-hooks';
import { clawBackPoints } from '../claw-back';
import { RedemptionReturns } from '../redemption-returns';
import { pointsToReverse } from '../earn-rule';
import { type RefundPurchaseInput, refundPurchaseInput } from '../pos-inputs';

export class RefundPurchaseCommand extends PosWriteCommand {}

export interface RefundResult {
  refundId: string;
  orderNo: string;
  refundedFen: number;
  pointsReversed: number;
  pointsOwed: number;
  pointsBalance: number;
}

interface PurchaseRow {
  id: string;
  memberId: string;
  amountFen: number;
  refundedFen: number;
  pointsEarned: number;
  pointsReversed: number;
  earnTransferId: string | null;
  occurredAt: string;
}

/**
 * Refunds all or part of an order recorded at this store and reverses its points in proportion,
 * taking first from the points that order earned. Points already spent become the member's debt.
 * The points the order redeemed come back in proportion. An order paid with no money is refunded
 * whole, once, for 0.
 */
@CommandHandler(RefundPurchaseCommand)
export class RefundPurchaseHandler extends PosWriteEachInSavepoint<typeof refundPurchaseInput, RefundResult> {
  protected readonly endpoint = 'POST /api/pos/v1/refunds';
  protected readonly schema = refundPurchaseInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly hooks: PurchaseHooks,
    private readonly redemptionReturns: RedemptionReturns,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RefundPurchaseInput, idempotencyKey: string): Promise<WriteOutcome<RefundResult>> {
    const [purchase] = await tx.execute<PurchaseRow[]>(
      `select id, member_id as "memberId", amount_fen as "amountFen", refunded_fen as "refundedFen", points_earned as "pointsEarned",
              points_reversed as "pointsReversed", earn_transfer_id as "earnTransferId", occurred_at as "occurredAt"
       from purchase where store_id = ? and order_no = ? for update`,
      [ctx.storeId, data.orderNo],
    );
    if (!purchase) throw notFound('ORDER_NOT_FOUND', `No order ${data.orderNo} at this store`);
    const refundable = purchase.amountFen - purchase.refundedFen;
    // An order paid with no money (all points and coupons) is refunded once, for 0: what it used comes back.
    const refunded = refundable === 0 && (purchase.amountFen > 0 || (await tx.execute('select 1 from purchase_return where purchase_id = ? limit 1', [purchase.id])).length > 0);
    if (refunded) throw unprocessable('ORDER_ALREADY_REFUNDED', 'This order has been refunded in full');
    const refundFen = data.amountFen ?? refundable;
    if (refundFen > refundable) {
      throw unprocessable('REFUND_EXCEEDS_PURCHASE', `At most ${refundable} 分 of this order can still be refunded`, { refundableFen: refundable });
    }
    const refundedTotal = purchase.refundedFen + refundFen;
    const points = pointsToReverse(purchase, refundedTotal);
    const refundId = newId();
    // What the order redeemed comes back with the money, before its earnings are taken back: they
    // may then come from it, rather than become a debt the member pays while holding the points.
    await this.redemptionReturns.returnForRefund(tx, ctx, { memberId: purchase.memberId, orderNo: data.orderNo, amountFen: purchase.amountFen, refundedTotalFen: refundedTotal });
    const earnLot = purchase.earnTransferId ? await this.ledger.lotOfTransfer(tx, purchase.earnTransferId) : undefined;
    const result =
      points > 0
        ? await clawBackPoints(this.ledger, tx, ctx, {
            memberId: purchase.memberId,
            points,
            operationId: refundId,
            kind: TRANSFER_KINDS.REVERSAL,
            reference: data.orderNo,
            preferLotIds: earnLot ? [earnLot.id] : [],
          })
        : { clawedBack: 0, owed: 0, balance: await this.balanceOf(tx, ctx, purchase.memberId) };

    await tx.execute('update purchase set refunded_fen = ?, points_reversed = points_reversed + ? where id = ?', [refundedTotal, points, purchase.id]);
    await tx.execute(
      `insert into purchase_return (id, tenant_id, merchant_id, store_id, member_id, purchase_id, reference, amount_fen, points_clawed_back, points_owed, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, now())`,
      [refundId, ctx.tenantId, ctx.merchantId, ctx.storeId, purchase.memberId, purchase.id, data.orderNo, refundFen, result.clawedBack, result.owed],
    );
    await this.hooks.afterRefund(tx, ctx, {
      purchaseId: purchase.id,
      memberId: purchase.memberId,
      orderNo: data.orderNo,
      amountFen: purchase.amountFen,
      refundFen,
      refundedTotalFen: refundedTotal,
    });
    await appendToOutbox(tx, ctx, [
      {
        type: POINTS_REVERSED_V1,
        key: purchase.memberId,
        payload: {
          memberId: purchase.memberId,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId!,
          reason: 'refund',
          orderNo: data.orderNo,
          amountFen: refundFen,
          pointsClawedBack: result.clawedBack,
          pointsOwed: result.owed,
          balanceAfter: result.balance,
          occurredAt: new Date().toISOString(),
          originalOccurredAt: new Date(purchase.occurredAt).toISOString(),
        } satisfies PointsReversedV1,
      },
    ]);
    return {
      status: 201,
      body: { refundId, orderNo: data.orderNo, refundedFen: refundFen, pointsReversed: result.clawedBack, pointsOwed: result.owed, pointsBalance: result.balance },
    };
  }

  private async balanceOf(tx: Tx, ctx: RequestContext, memberId: string): Promise<number> {
    const id = await this.ledger.accountIdFor(tx, standardAccounts.memberPoints(ctx.tenantId!, memberId));
    return (await this.ledger.getAccount(tx, id))!.available;
  }
}
