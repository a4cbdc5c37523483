import { LockMode } from '@mikro-orm/core';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type Coupon, CouponSchema } from '../../domain/coupon.entity';
import { revokeCouponInput } from '../programme-inputs';

export class RevokeCouponCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 作废: staff take back a coupon not yet used, with a reason. */
@CommandHandler(RevokeCouponCommand)
export class RevokeCouponHandler implements ICommandHandler<RevokeCouponCommand, Coupon> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: RevokeCouponCommand): Promise<Coupon> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(revokeCouponInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const coupon = await tx.findOne(CouponSchema, { id: data.couponId }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!coupon) throw notFound('COUPON_NOT_FOUND', 'No such coupon');
      if (coupon.status !== 'ISSUED') throw unprocessable('COUPON_NOT_AVAILABLE', `This coupon is ${coupon.status.toLowerCase()}`, { status: coupon.status });
      Object.assign(coupon, { status: 'REVOKED', revokedAt: new Date(), revokeReason: data.reason });
      await tx.flush();
      return coupon;
    });
  }
}
