import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { type CouponRule, CouponRuleSchema } from '../../domain/coupon-rule.entity';
import { couponRuleInput } from '../../domain/coupon-rules';
import { LevelEngine } from '../level-engine';
import { configureMerchant } from '../merchant-configuration';

export class CreateCouponRuleCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's rule issuing one of its coupon templates (or, on a birthday, points) on an occasion. */
@CommandHandler(CreateCouponRuleCommand)
export class CreateCouponRuleHandler implements ICommandHandler<CreateCouponRuleCommand, CouponRule> {
  constructor(
    private readonly db: Db,
    private readonly levels: LevelEngine,
  ) {}

  async execute({ ctx, input }: CreateCouponRuleCommand): Promise<CouponRule> {
    const data = parseInput(couponRuleInput, input);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      if (data.templateId) {
        const [template] = await tx.execute<{ merchantId: string }[]>('select merchant_id as "merchantId" from coupon_template where id = ?', [data.templateId]);
        if (!template || template.merchantId !== data.merchantId) throw notFound('COUPON_TEMPLATE_NOT_FOUND', 'No such coupon template at this merchant');
      }
      if (data.levelCode) {
        const scheme = await this.levels.schemeFor(tx, ctx.tenantId!, data.merchantId);
        if (!scheme?.levels.some((l) => l.code === data.levelCode)) throw unprocessable('LEVEL_NOT_FOUND', `The merchant’s level scheme has no level ${data.levelCode}`);
      }
      const rule = tx.create(CouponRuleSchema, {
        id: newId(),
        tenantId: ctx.tenantId!,
        merchantId: data.merchantId,
        trigger: data.trigger,
        templateId: data.templateId ?? null,
        points: data.points ?? null,
        levelCode: data.levelCode ?? null,
        inactiveDays: data.inactiveDays ?? null,
      });
      await tx.flush();
      return rule;
    });
  }
}
