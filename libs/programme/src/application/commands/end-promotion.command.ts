import { LockMode } from '@mikro-orm/core';
import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, type RequestContext, uuidSchema, parseInput } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { type Promotion, PromotionSchema } from '../../domain/promotion.entity';

export class EndPromotionCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly promotionId: string,
  ) {}
}

/** Ends a promotion now (quotes made under it are then refused at checkout as changed). */
@CommandHandler(EndPromotionCommand)
export class EndPromotionHandler implements ICommandHandler<EndPromotionCommand, Promotion> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, promotionId }: EndPromotionCommand): Promise<Promotion> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const id = parseInput(uuidSchema, promotionId);
    return this.db.inTenant(ctx, async (tx) => {
      const promotion = await tx.findOne(PromotionSchema, { id }, { lockMode: LockMode.PESSIMISTIC_WRITE });
      if (!promotion) throw notFound('PROMOTION_NOT_FOUND', 'No such promotion');
      const now = new Date();
      if (!promotion.endsAt || promotion.endsAt > now) promotion.endsAt = now;
      await tx.flush();
      return promotion;
    });
  }
}
