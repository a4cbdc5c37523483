import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { checkCouponTemplate, couponTemplateInput } from '../../domain/coupon-rules';
import { type CouponTemplate, CouponTemplateSchema } from '../../domain/coupon-template.entity';
import { configureMerchant } from '../merchant-configuration';

export class CreateCouponTemplateCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's new coupon template; refused with a code when it cannot work. */
@CommandHandler(CreateCouponTemplateCommand)
export class CreateCouponTemplateHandler implements ICommandHandler<CreateCouponTemplateCommand, CouponTemplate> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateCouponTemplateCommand): Promise<CouponTemplate> {
    const data = parseInput(couponTemplateInput, input);
    checkCouponTemplate(data);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const template = tx.create(CouponTemplateSchema, {
        id: newId(),
        tenantId: ctx.tenantId!,
        merchantId: data.merchantId,
        name: data.name,
        kind: data.kind,
        thresholdFen: data.thresholdFen,
        amountOffFen: data.amountOffFen ?? null,
        discountPermille: data.discountPermille ?? null,
        maxDiscountFen: data.maxDiscountFen ?? null,
        giftName: data.giftName ?? null,
        validFrom: data.validFrom ? new Date(data.validFrom) : null,
        validUntil: data.validUntil ? new Date(data.validUntil) : null,
        validDays: data.validDays ?? null,
        perMemberLimit: data.perMemberLimit ?? null,
        totalLimit: data.totalLimit ?? null,
        issuedCount: 0,
        stacking: data.stacking,
      });
      await tx.flush();
      return template;
    });
  }
}
