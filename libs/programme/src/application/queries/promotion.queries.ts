import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { type Promotion, PromotionSchema } from '../../domain/promotion.entity';

export class ListPromotionsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListPromotionsQuery)
export class ListPromotionsHandler implements IQueryHandler<ListPromotionsQuery, { items: Promotion[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListPromotionsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(PromotionSchema, {}, { orderBy: { priority: 'asc', createdAt: 'desc', id: 'asc' }, offset, limit });
      return { items, total };
    });
  }
}
