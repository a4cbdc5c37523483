import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { type Promotion, PromotionSchema } from '../../domain/promotion.entity';
import { checkPromotion, promotionInput } from '../../domain/promotion-rules';
import { configureMerchant } from '../merchant-configuration';

export class CreatePromotionCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's promotion; refused with a code when it cannot work. */
@CommandHandler(CreatePromotionCommand)
export class CreatePromotionHandler implements ICommandHandler<CreatePromotionCommand, Promotion> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreatePromotionCommand): Promise<Promotion> {
    const data = parseInput(promotionInput, input);
    checkPromotion(data);
    return configureMerchant(this.db, ctx, data.merchantId, async (tx) => {
      const promotion = tx.create(PromotionSchema, {
        id: newId(),
        tenantId: ctx.tenantId!,
        merchantId: data.merchantId,
        name: data.name,
        priority: data.priority,
        exclusive: data.exclusive,
        startsAt: data.startsAt ? new Date(data.startsAt) : null,
        endsAt: data.endsAt ? new Date(data.endsAt) : null,
        config: data.config,
      });
      await tx.flush();
      return promotion;
    });
  }
}
