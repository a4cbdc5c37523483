import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type CouponKind, couponDiscounts } from '../../domain/coupon-rules';
import { lockUsableCoupons, markCouponsUsed } from '../coupon-usage';
import { type RedeemCouponsInput, redeemCouponsInput } from '../programme-inputs';

export class RedeemCouponsCommand extends PosWriteCommand {}

export interface CouponRedemptionResult {
  orderNo: string;
  amountFen: number;
  discountFen: number;
  payableFen: number;
  coupons: { couponId: string; kind: CouponKind; discountFen: number; giftName: string | null }[];
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
    await markCouponsUsed(tx, ctx, discounts, data.orderNo, now);
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
