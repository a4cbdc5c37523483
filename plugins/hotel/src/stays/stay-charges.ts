import { randomUUID } from 'node:crypto';
import type { PluginPurchaseResult, PluginScope } from '@loyalty/plugin-sdk';
import type { Stay } from './stay-records';

/** 预付 prepayment at booking, 账单 folio at check-out, 违约金 cancellation or no-show fee. */
export type ChargeKind = 'deposit' | 'folio' | 'fee';

const LINES: Record<ChargeKind, { sku: string; name: string }> = {
  deposit: { sku: 'HOTEL-DEPOSIT', name: '预付房费' },
  folio: { sku: 'HOTEL-FOLIO', name: '住宿账单' },
  fee: { sku: 'HOTEL-FEE', name: '取消/未到店违约金' },
};

/** The line attribute that ties a purchase to the stay charge it records (set by the hotel's endpoints alone). */
export const CHARGE_ATTRIBUTE = 'hotelChargeId';

/** A charge's order number: the stay's number and the kind (`R-1001/folio`), one purchase each. */
export const chargeOrderNo = (stay: Pick<Stay, 'reservationNo'>, kind: ChargeKind) => `${stay.reservationNo}/${kind}`;

/**
 * Records a charge of the stay as a purchase through the loyalty core, earning `points` (final:
 * the level is in them). The charge row comes first so that the hotel's enricher recognises the
 * purchase as this charge and its earn rule gives it these points; ledger, spend, growth value,
 * level upgrades and events follow as for any purchase.
 */
export async function recordCharge(
  scope: PluginScope<unknown>,
  stay: Stay,
  charge: { kind: ChargeKind; amountFen: number; points: number; quantity: number; occurredAt?: string },
  key: string,
): Promise<PluginPurchaseResult> {
  const chargeId = randomUUID();
  const orderNo = chargeOrderNo(stay, charge.kind);
  await scope.query('insert into hotel_stay_charge (id, tenant_id, merchant_id, stay_id, kind, order_no, amount_fen, points) values (?, ?, ?, ?, ?, ?, ?, ?)', [
    chargeId,
    scope.tenantId,
    scope.merchantId,
    stay.id,
    charge.kind,
    orderNo,
    charge.amountFen,
    charge.points,
  ]);
  const purchase = await scope.recordPurchase(
    {
      memberId: stay.memberId,
      orderNo,
      amountFen: charge.amountFen,
      occurredAt: charge.occurredAt,
      lines: [{ ...LINES[charge.kind], category: 'hotel', quantity: charge.quantity, amountFen: charge.amountFen, attributes: { [CHARGE_ATTRIBUTE]: chargeId } }],
    },
    `${key}:${charge.kind}`,
  );
  await scope.query('update hotel_stay_charge set purchase_id = ? where id = ?', [purchase.purchaseId, chargeId]);
  return purchase;
}

/**
 * Refunds in full, through the loyalty core, the stay's charges of these kinds not refunded yet:
 * their points are reversed (those already spent become the member's debt), their spend leaves the
 * level measures. Answers the points reversed and owed, and the balance after the last refund.
 */
export async function refundCharges(scope: PluginScope<unknown>, stay: Stay, kinds: readonly ChargeKind[], key: string): Promise<{ pointsReversed: number; pointsOwed: number; pointsBalance: number | null }> {
  const charges = await scope.query<{ id: string; kind: ChargeKind; orderNo: string }>(
    `select id, kind, order_no as "orderNo" from hotel_stay_charge where stay_id = ? and kind = any(?::text[]) and not refunded and amount_fen > 0 order by created_at`,
    [stay.id, `{${kinds.join(',')}}`],
  );
  const total = { pointsReversed: 0, pointsOwed: 0, pointsBalance: null as number | null };
  for (const charge of charges) {
    const refund = await scope.refundPurchase({ orderNo: charge.orderNo }, `${key}:refund-${charge.kind}`);
    await scope.query('update hotel_stay_charge set refunded = true where id = ?', [charge.id]);
    total.pointsReversed += refund.pointsReversed;
    total.pointsOwed += refund.pointsOwed;
    total.pointsBalance = refund.pointsBalance;
  }
  return total;
}
