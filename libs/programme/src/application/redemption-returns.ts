import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { appendToOutbox, POINTS_REDEMPTION_REVERSED_V1, type PointsRedemptionReversedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { derivedId, type RequestContext } from '@loyalty/shared';

/** The points transfer of a checkout (积分抵扣), known by its quote: what a refund gives back from. */
export const checkoutRedemptionId = (quoteId: string) => derivedId(quoteId, 'points');

/** The points an order redeemed, and how much of the order is refunded by now. */
export interface RedeemedOrder {
  /** The redemption's transfer. */
  redemptionId: string;
  memberId: string;
  orderNo: string;
  pointsRedeemed: number;
  redeemedAt: Date;
  amountFen: number;
  refundedTotalFen: number;
}

interface ConsumedLot {
  lotId: string;
  amount: number;
  expiresAt: Date | null;
  issuerMerchantId: string | null;
  issuerStoreId: string | null;
}

/**
 * 积分退回: a refund gives back the points its order redeemed, in proportion to the money refunded
 * (rounded down, so the refund that completes the order gives back exactly the rest). They return
 * as the lots they were taken from — each with its expiry and issuer, latest expiry first — so a
 * lot that has expired meanwhile expires again (breakage for its issuer), and clearing learns of it
 * (points.redemption-reversed.v1) to take back the redeeming merchant's reimbursement.
 */
@Injectable()
export class RedemptionReturns {
  constructor(private readonly ledger: LedgerService) {}

  /** Returns what is due now; 0 when nothing is. Runs in the refund's transaction, its order row locked (refunds of an order are one at a time). */
  async returnForRefund(tx: Tx, ctx: RequestContext, order: RedeemedOrder): Promise<number> {
    const due = order.refundedTotalFen >= order.amountFen ? order.pointsRedeemed : Math.floor((order.pointsRedeemed * order.refundedTotalFen) / order.amountFen);
    const [{ returned }] = await tx.execute<{ returned: number }[]>(
      `select coalesce(sum(amount), 0)::int8 as returned from ledger_transfer where kind = ? and store_id = ? and reference = ?`,
      [TRANSFER_KINDS.REDEMPTION_REVERSAL, ctx.storeId, order.orderNo],
    );
    const points = due - Number(returned);
    if (points <= 0) return 0;

    const [memberPoints, redemption] = await this.ledger.accountIdsFor(tx, [
      standardAccounts.memberPoints(ctx.tenantId!, order.memberId),
      standardAccounts.merchantRedemption(ctx.tenantId!, ctx.merchantId!),
    ]);
    const chunks = takeAfter(await this.consumedLots(tx, order.redemptionId), Number(returned), points);
    const outcomes = await this.ledger.createTransfers(
      tx,
      ctx,
      chunks.map((chunk) => ({
        id: derivedId(order.redemptionId, 'return', chunk.lotId, String(chunk.from)),
        debitAccountId: redemption,
        creditAccountId: memberPoints,
        amount: chunk.amount,
        kind: TRANSFER_KINDS.REDEMPTION_REVERSAL,
        merchantId: ctx.merchantId,
        storeId: ctx.storeId,
        memberId: order.memberId,
        reference: order.orderNo,
        // The lot comes back as it was: its issuer's, expiring when it did.
        lotExpiresAt: chunk.expiresAt,
        lotIssuer: { merchantId: chunk.issuerMerchantId, storeId: chunk.issuerStoreId },
      })),
    );
    let balanceAfter = 0;
    for (const outcome of outcomes) {
      if (!outcome.ok) throw outcome.error;
      balanceAfter = outcome.available!.credit;
    }
    await appendToOutbox(tx, ctx, [
      {
        type: POINTS_REDEMPTION_REVERSED_V1,
        key: order.memberId,
        payload: {
          memberId: order.memberId,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId!,
          redemptionTransferId: order.redemptionId,
          orderNo: order.orderNo,
          points,
          balanceAfter,
          occurredAt: new Date().toISOString(),
          originalOccurredAt: order.redeemedAt.toISOString(),
        } satisfies PointsRedemptionReversedV1,
      },
    ]);
    return points;
  }

  /** The lots a redemption took from, latest expiry first (never-expiring first of all). */
  private async consumedLots(tx: Tx, redemptionId: string): Promise<ConsumedLot[]> {
    const rows = await tx.execute<(Omit<ConsumedLot, 'expiresAt'> & { expiresAt: string | null })[]>(
      `select c.lot_id as "lotId", c.amount, l.expires_at as "expiresAt", l.issuer_merchant_id as "issuerMerchantId", l.issuer_store_id as "issuerStoreId"
       from ledger_lot_consumption c join ledger_lot l on l.id = c.lot_id
       where c.transfer_id = ? order by l.expires_at desc nulls first, l.id`,
      [redemptionId],
    );
    return rows.map((row) => ({ ...row, amount: Number(row.amount), expiresAt: row.expiresAt === null ? null : new Date(row.expiresAt) }));
  }
}

/** `amount` points of the lots in order, after the first `skip` (given back by earlier refunds); each part with where it starts. */
export function takeAfter<T extends { amount: number }>(lots: readonly T[], skip: number, amount: number): (T & { from: number })[] {
  const parts: (T & { from: number })[] = [];
  let offset = 0;
  for (const lot of lots) {
    const start = Math.max(skip, offset);
    const end = Math.min(skip + amount, offset + lot.amount);
    if (end > start) parts.push({ ...lot, amount: end - start, from: start });
    offset += lot.amount;
  }
  return parts;
}
