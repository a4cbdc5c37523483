import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import type { PricedCheckout } from '../../domain/checkout-pricing';
import { type CheckoutQuote, CheckoutQuoteSchema } from '../../domain/checkout-quote.entity';

export class ListCheckoutsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly filter: { memberId?: string; status?: CheckoutQuote['status'] },
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/** A quote and, once committed, its checkout: what was priced, and the order it became. */
export interface CheckoutView
  extends Pick<CheckoutQuote, 'id' | 'merchantId' | 'storeId' | 'memberId' | 'status' | 'orderNo' | 'purchaseId' | 'createdAt' | 'expiresAt' | 'committedAt'>,
    Pick<PricedCheckout, 'subtotalFen' | 'promotionDiscountFen' | 'levelDiscountFen' | 'couponDiscountFen' | 'pointsUsed' | 'pointsDeductionFen' | 'payableFen' | 'cashDueFen' | 'explanation'> {
  balanceFen: number;
}

/** Quotes and the checkouts that committed them, newest first: a member's, or the merchant's (the alliance's for its operator). */
@QueryHandler(ListCheckoutsQuery)
export class ListCheckoutsHandler implements IQueryHandler<ListCheckoutsQuery, { items: CheckoutView[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, filter, offset, limit }: ListCheckoutsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const where = { ...(filter.memberId ? { memberId: filter.memberId } : {}), ...(filter.status ? { status: filter.status } : {}) };
      const [quotes, total] = await tx.findAndCount(CheckoutQuoteSchema, where, { orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit });
      const items = quotes.map(({ result: r, ...q }) => ({
        ...q,
        subtotalFen: r.subtotalFen,
        promotionDiscountFen: r.promotionDiscountFen,
        levelDiscountFen: r.levelDiscountFen,
        couponDiscountFen: r.couponDiscountFen,
        pointsUsed: r.pointsUsed,
        pointsDeductionFen: r.pointsDeductionFen,
        payableFen: r.payableFen,
        balanceFen: r.balancePrincipalFen + r.balanceBonusFen,
        cashDueFen: r.cashDueFen,
        explanation: r.explanation,
      }));
      return { items, total };
    });
  }
}
