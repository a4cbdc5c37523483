import { Inject, Injectable } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { IntervalJob } from '@loyalty/shared';

export const COUPON_EXPIRY_INTERVAL_MS = Symbol('COUPON_EXPIRY_INTERVAL_MS');

/** Marks issued coupons past their validity as expired (redemption refuses them in any case). */
@Injectable()
export class CouponExpiryScheduler extends IntervalJob<number> {
  constructor(
    private readonly db: Db,
    @Inject(COUPON_EXPIRY_INTERVAL_MS) intervalMs: number,
  ) {
    super(intervalMs);
  }

  protected async pass(asOf: Date): Promise<number> {
    const expired = await this.db.asSystem((tx) =>
      tx.execute<{ id: string }[]>(`update coupon set status = 'EXPIRED' where status = 'ISSUED' and valid_until <= ? returning id`, [asOf]),
    );
    if (expired.length > 0) this.logger.log({ coupons: expired.length }, 'coupons expired');
    return expired.length;
  }
}
