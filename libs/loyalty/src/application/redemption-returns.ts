import { Injectable } from '@nestjs/common';
import { pgArray, type Tx } from '@loyalty/database';
import { appendToOutbox, POINTS_REDEMPTION_REVERSED_V1, type PointsRedemptionReversedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { derivedId, type RequestContext } from '@loyalty/shared';

/** An order being refunded: whose, which, and how much of its money is refunded by now. */
export interface RefundedOrder {
  memberId: string;
  orderNo: string;
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
 * 积分退回: a refund gives back the points its order redeemed at the store (at checkout, or by the
 * till's `POST /redemptions` under the order's number), in proportion to the money refunded
 * (rounded down, so the refund that completes the order gives back exactly the rest). They return
 * as the lots they were taken from — each with its expiry and issuer, latest expiry first — so a
 * lot that has expired meanwhile expires again (breakage for its issuer), and clearing learns of it
 * (points.redemption-reversed.v1) to take back the redeeming merchant's reimbursement.
 */
@Injectable()
export class RedemptionReturns {
  constructor(private readonly ledger: LedgerService) {}

  /** Gives back what is due now and answers how many; runs in the refund's transaction, its order row locked (refunds of an order go one at a time). */
  async returnForRefund(tx: Tx, ctx: RequestContext, order: RefundedOrder): Promise<number> {
    const redemptions = await tx.execute<{ id: string; amount: number; occurredAt: string }[]>(
      `select id, amount, occurred_at as "occurredAt" from ledger_transfer where kind = ? and store_id = ? and reference = ? and member_id = ? order by occurred_at, id`,
      [TRANSFER_KINDS.REDEEM, ctx.storeId, order.orderNo, order.memberId],
    );
    if (redemptions.length === 0) return 0;
    const redeemed = redemptions.reduce((sum, r) => sum + Number(r.amount), 0);
    const due = order.refundedTotalFen >= order.amountFen ? redeemed : Math.floor((redeemed * order.refundedTotalFen) / order.amountFen);
    const [{ returned }] = await tx.execute<{ returned: number }[]>(
      `select coalesce(sum(amount), 0)::int8 as returned from ledger_transfer where kind = ? and store_id = ? and reference = ? and member_id = ?`,
      [TRANSFER_KINDS.REDEMPTION_REVERSAL, ctx.storeId, order.orderNo, order.memberId],
    );
    const points = due - Number(returned);
    if (points <= 0) return 0;

    const [memberPoints, redemption] = await this.ledger.accountIdsFor(tx, [
      standardAccounts.memberPoints(ctx.tenantId!, order.memberId),
      standardAccounts.merchantRedemption(ctx.tenantId!, ctx.merchantId!),
    ]);
    const chunks = takeAfter(await this.consumedLots(tx, redemptions.map((r) => r.id)), Number(returned), points);
    const outcomes = await this.ledger.createTransfers(
      tx,
      ctx,
      chunks.map((chunk) => ({
        id: derivedId(ctx.storeId!, order.orderNo, 'redemption-return', chunk.lotId, String(chunk.from)),
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
          redemptionTransferIds: redemptions.map((r) => r.id),
          orderNo: order.orderNo,
          points,
          balanceAfter,
          occurredAt: new Date().toISOString(),
          originalOccurredAt: new Date(redemptions[0].occurredAt).toISOString(),
        } satisfies PointsRedemptionReversedV1,
      },
    ]);
    return points;
  }

  /** The lots the redemptions took from, latest expiry first (never-expiring first of all). */
  private async consumedLots(tx: Tx, redemptionIds: string[]): Promise<ConsumedLot[]> {
    const rows = await tx.execute<(Omit<ConsumedLot, 'expiresAt'> & { expiresAt: string | null })[]>(
      `select c.lot_id as "lotId", sum(c.amount)::int8 as amount, l.expires_at as "expiresAt", l.issuer_merchant_id as "issuerMerchantId", l.issuer_store_id as "issuerStoreId"
       from ledger_lot_consumption c join ledger_lot l on l.id = c.lot_id
       where c.transfer_id = any(?::uuid[]) group by c.lot_id, l.expires_at, l.issuer_merchant_id, l.issuer_store_id
       order by l.expires_at desc nulls first, c.lot_id`,
      [pgArray(redemptionIds)],
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
