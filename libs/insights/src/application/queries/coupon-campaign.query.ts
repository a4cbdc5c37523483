import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { type CouponCampaignView, loadCampaign } from '../coupon-campaigns';

export class GetCouponCampaignQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly campaignId: unknown,
  ) {}
}

/** A campaign's progress: members done of the audience, by outcome. */
@QueryHandler(GetCouponCampaignQuery)
export class GetCouponCampaignHandler implements IQueryHandler<GetCouponCampaignQuery, CouponCampaignView> {
  constructor(private readonly db: Db) {}

  execute({ ctx, campaignId }: GetCouponCampaignQuery): Promise<CouponCampaignView> {
    const id = parseInput(uuidSchema, campaignId);
    return this.db.asActor(ctx, (tx) => loadCampaign(tx, id));
  }
}
