import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type Coupon, CouponSchema } from '../../domain/coupon.entity';
import { CouponIssuer } from '../coupon-issuer';
import { issueCouponInput } from '../programme-inputs';

export class IssueCouponCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** 发券: staff give a member a coupon of the merchant's template, with a reason. */
@CommandHandler(IssueCouponCommand)
export class IssueCouponHandler implements ICommandHandler<IssueCouponCommand, Coupon> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly issuer: CouponIssuer,
  ) {}

  async execute({ ctx, input }: IssueCouponCommand): Promise<Coupon> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF');
    const data = parseInput(issueCouponInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId: data.memberId });
      const issued = await this.issuer.issue(tx, ctx, data);
      // Without a rule there is no occasion to repeat: a coupon is issued or the issue refused.
      return (await tx.findOne(CouponSchema, { id: issued!.id }))!;
    });
  }
}
