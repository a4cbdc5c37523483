import { pgArray, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox } from '@loyalty/events';
import { notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { COUPON_RETURNED_V1, COUPON_USED_V1, type CouponReturnedV1, type CouponUsedV1 } from '../contracts/programme-events.v1';
import type { ApplicableCoupon, CouponStatus } from '../domain/coupon-rules';

export interface CouponRow extends ApplicableCoupon {
  memberId: string;
  status: CouponStatus;
  validFrom: string;
  validUntil: string;
  name: string;
  giftName: string | null;
}

const COUPON_COLUMNS = `c.id, c.member_id as "memberId", c.status, c.valid_from as "validFrom", c.valid_until as "validUntil", t.kind, t.name,
  t.threshold_fen as "thresholdFen", t.amount_off_fen as "amountOffFen", t.discount_permille as "discountPermille",
  t.max_discount_fen as "maxDiscountFen", t.gift_name as "giftName", t.stacking`;

/** Locks and checks the member’s coupons for an order: held by the member at this merchant, unused, valid now. */
export async function lockUsableCoupons(tx: Tx, memberId: string, couponIds: string[], now: Date): Promise<CouponRow[]> {
  const rows = await tx.execute<CouponRow[]>(
    `select ${COUPON_COLUMNS} from coupon c join coupon_template t on t.id = c.template_id where c.id = any(?::uuid[]) order by c.id for update of c`,
    [pgArray(couponIds)],
  );
  const byId = new Map(rows.map((row) => [row.id, row]));
  return couponIds.map((id) => {
    const coupon = byId.get(id);
    if (!coupon || coupon.memberId !== memberId) throw notFound('COUPON_NOT_FOUND', `The member holds no coupon ${id} of this merchant`);
    if (coupon.status !== 'ISSUED') throw unprocessable('COUPON_NOT_AVAILABLE', `Coupon ${id} is ${coupon.status.toLowerCase()}`, { couponId: id, status: coupon.status });
    if (now < new Date(coupon.validFrom)) throw unprocessable('COUPON_NOT_YET_VALID', `Coupon ${id} is valid from ${new Date(coupon.validFrom).toISOString()}`);
    if (now >= new Date(coupon.validUntil)) throw unprocessable('COUPON_EXPIRED', `Coupon ${id} expired at ${new Date(coupon.validUntil).toISOString()}`);
    return coupon;
  });
}

/** Locks every coupon the member may use at the merchant now, soonest to expire first: for a quote that chooses them. */
export async function lockMemberCoupons(tx: Tx, memberId: string, merchantId: string, now: Date): Promise<CouponRow[]> {
  const rows = await tx.execute<CouponRow[]>(
    `select ${COUPON_COLUMNS} from coupon c join coupon_template t on t.id = c.template_id
     where c.member_id = ? and c.merchant_id = ? and c.status = 'ISSUED' and c.valid_from <= ? and c.valid_until > ? order by c.id for update of c`,
    [memberId, merchantId, now, now],
  );
  return rows.sort((a, b) => new Date(a.validUntil).getTime() - new Date(b.validUntil).getTime() || (a.id < b.id ? -1 : 1));
}

/** Marks the coupons used on the order, each with the discount it gave, and writes their coupon.used.v1. */
export async function markCouponsUsed(tx: Tx, ctx: RequestContext, discounts: Map<string, number>, orderNo: string, now: Date): Promise<void> {
  if (discounts.size === 0) return;
  const rows = unnestRows([...discounts].map(([id, discount]) => [id, discount]), ['uuid', 'int8']);
  const used = await tx.execute<{ id: string; templateId: string; merchantId: string; memberId: string }[]>(
    `update coupon c set status = 'USED', used_at = ?, used_store_id = ?, used_order_no = ?, discount_fen = v.discount
     from (${rows.sql}) as v(id, discount) where c.id = v.id
     returning c.id, c.template_id as "templateId", c.merchant_id as "merchantId", c.member_id as "memberId"`,
    [now, ctx.storeId, orderNo, ...rows.params],
  );
  await appendToOutbox(
    tx,
    ctx,
    used.map((c) => ({
      type: COUPON_USED_V1,
      key: c.memberId,
      payload: {
        couponId: c.id,
        templateId: c.templateId,
        merchantId: c.merchantId,
        storeId: ctx.storeId,
        memberId: c.memberId,
        orderNo,
        discountFen: discounts.get(c.id)!,
        usedAt: now.toISOString(),
      } satisfies CouponUsedV1,
    })),
  );
}

/** Gives back coupons whose order was refunded in full: usable again while valid, expired once not; writes their coupon.returned.v1. */
export async function returnCoupons(tx: Tx, ctx: RequestContext, couponIds: string[], now: Date): Promise<void> {
  if (couponIds.length === 0) return;
  const returned = await tx.execute<{ id: string; templateId: string; merchantId: string; memberId: string; orderNo: string; discountFen: string; status: 'ISSUED' | 'EXPIRED' }[]>(
    `with used as (select id, used_order_no, discount_fen from coupon where id = any(?::uuid[]) and status = 'USED' for update)
     update coupon c set status = case when c.valid_until > ? then 'ISSUED' else 'EXPIRED' end, used_at = null, used_store_id = null, used_order_no = null, discount_fen = null
     from used where c.id = used.id
     returning c.id, c.template_id as "templateId", c.merchant_id as "merchantId", c.member_id as "memberId", used.used_order_no as "orderNo",
       used.discount_fen as "discountFen", c.status`,
    [pgArray(couponIds), now],
  );
  await appendToOutbox(
    tx,
    ctx,
    returned.map((c) => ({
      type: COUPON_RETURNED_V1,
      key: c.memberId,
      payload: {
        couponId: c.id,
        templateId: c.templateId,
        merchantId: c.merchantId,
        storeId: ctx.storeId ?? null,
        memberId: c.memberId,
        orderNo: c.orderNo,
        discountFen: Number(c.discountFen),
        status: c.status,
        returnedAt: now.toISOString(),
      } satisfies CouponReturnedV1,
    })),
  );
}
