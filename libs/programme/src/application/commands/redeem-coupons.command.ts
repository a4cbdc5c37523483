import { CommandHandler } from '@nestjs/cqrs';
import { pgArray, type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { notFound, type RequestContext, unprocessable } from '@loyalty/shared';
import { type ApplicableCoupon, type CouponKind, couponDiscounts, type CouponStatus } from '../../domain/coupon-rules';
import { type RedeemCouponsInput, redeemCouponsInput } from '../programme-inputs';

export class RedeemCouponsCommand extends PosWriteCommand {}

export interface CouponRedemptionResult {
  orderNo: string;
  amountFen: number;
  discountFen: number;
  payableFen: number;
  coupons: { couponId: string; kind: CouponKind; discountFen: number; giftName: string | null }[];
}

interface CouponRow extends ApplicableCoupon {
  memberId: string;
  status: CouponStatus;
  validFrom: string;
  validUntil: string;
  giftName: string | null;
}

/** Locks and checks the member's coupons for an order: held, unused, valid now, usable together. */
export async function lockUsableCoupons(tx: Tx, memberId: string, couponIds: string[], now: Date): Promise<CouponRow[]> {
  const rows = await tx.execute<CouponRow[]>(
    `select c.id, c.member_id as "memberId", c.status, c.valid_from as "validFrom", c.valid_until as "validUntil", t.kind,
            t.threshold_fen as "thresholdFen", t.amount_off_fen as "amountOffFen", t.discount_permille as "discountPermille",
            t.max_discount_fen as "maxDiscountFen", t.gift_name as "giftName", t.stacking
     from coupon c join coupon_template t on t.id = c.template_id where c.id = any(?::uuid[]) order by c.id for update of c`,
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

/**
 * 核销: uses a member's coupons on an order at this store. The coupons are locked first, so two
 * tills using the same coupon at once: one wins, the other gets COUPON_NOT_AVAILABLE.
 */
@CommandHandler(RedeemCouponsCommand)
export class RedeemCouponsHandler extends PosWriteEachInSavepoint<typeof redeemCouponsInput, CouponRedemptionResult> {
  protected readonly endpoint = 'POST /api/pos/v1/coupons/redemptions';
  protected readonly schema = redeemCouponsInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RedeemCouponsInput): Promise<WriteOutcome<CouponRedemptionResult>> {
    const member = await this.members.resolve(tx, data);
    const now = new Date();
    const coupons = await lockUsableCoupons(tx, member.id, data.couponIds, now);
    const discounts = couponDiscounts(data.amountFen, coupons);
    for (const coupon of coupons) {
      await tx.execute(`update coupon set status = 'USED', used_at = ?, used_store_id = ?, used_order_no = ?, discount_fen = ? where id = ?`, [
        now,
        ctx.storeId,
        data.orderNo,
        discounts.get(coupon.id),
        coupon.id,
      ]);
    }
    const discountFen = [...discounts.values()].reduce((a, b) => a + b, 0);
    return {
      status: 201,
      body: {
        orderNo: data.orderNo,
        amountFen: data.amountFen,
        discountFen,
        payableFen: data.amountFen - discountFen,
        coupons: coupons.map((c) => ({ couponId: c.id, kind: c.kind, discountFen: discounts.get(c.id)!, giftName: c.giftName })),
      },
    };
  }
}
