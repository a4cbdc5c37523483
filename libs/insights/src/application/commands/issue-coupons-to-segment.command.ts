import { CommandBus, CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { IssueCampaignCouponsCommand } from '@loyalty/programme';
import { conflict, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { z } from 'zod';
import { CouponCampaignRunner } from '../coupon-campaign.runner';
import { type CouponCampaignView, loadCampaign } from '../coupon-campaigns';
import { resolveSegmentScope } from '../insights-access';
import { IN_SEGMENT, loadSegment } from '../segments';

export const issueCouponsToSegmentInput = z.object({
  /** The client's id for the campaign: starting it again with the same id is the same campaign. */
  campaignId: uuidSchema,
  segmentId: uuidSchema,
  couponTemplateId: uuidSchema,
});

export class IssueCouponsToSegmentCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * 精准营销: a saved segment as a campaign's audience — every member in it now gets a coupon of the
 * template, issued by the programme (its limits, once per member and campaign). Answers at once
 * with the campaign, its audience kept; the coupons go out in the background, and the campaign
 * shows its progress. The same campaign id again answers with the same campaign.
 */
@CommandHandler(IssueCouponsToSegmentCommand)
export class IssueCouponsToSegmentHandler implements ICommandHandler<IssueCouponsToSegmentCommand, CouponCampaignView> {
  constructor(
    private readonly db: Db,
    private readonly commands: CommandBus,
    private readonly runner: CouponCampaignRunner,
  ) {}

  async execute({ ctx, input }: IssueCouponsToSegmentCommand): Promise<CouponCampaignView> {
    const data = parseInput(issueCouponsToSegmentInput, input);
    const started = await this.db.asActor(ctx, async (tx) => {
      const segment = await loadSegment(tx, data.segmentId);
      await resolveSegmentScope(tx, ctx, segment);
      const [existing] = await tx.execute<{ segmentId: string; templateId: string }[]>(
        `select segment_id as "segmentId", coupon_template_id as "templateId" from insights.coupon_campaign where id = ?`,
        [data.campaignId],
      );
      if (existing && (existing.segmentId !== data.segmentId || existing.templateId !== data.couponTemplateId)) {
        throw conflict('CAMPAIGN_ID_TAKEN', 'This campaign id names another campaign');
      }
      return Boolean(existing);
    });
    if (!started) {
      // The programme checks the template (the caller's merchant's, still valid) before anyone is queued.
      await this.commands.execute(new IssueCampaignCouponsCommand(ctx, { campaignId: data.campaignId, templateId: data.couponTemplateId, memberIds: [] }));
      await this.db.asActor(ctx, async (tx) => {
        const segment = await loadSegment(tx, data.segmentId);
        const scope = await resolveSegmentScope(tx, ctx, segment);
        const created = await tx.execute(
          `insert into insights.coupon_campaign (id, tenant_id, scope_id, scope, segment_id, coupon_template_id, status, created_at, created_by)
           values (?, ?, ?, ?, ?, ?, 'running', now(), ?) on conflict (id) do nothing returning id`,
          [data.campaignId, scope.tenantId, scope.scopeId, scope.kind, segment.id, data.couponTemplateId, ctx.actorId],
        );
        if (created.length === 0) return;
        await tx.execute(
          `insert into insights.coupon_campaign_member (campaign_id, member_id)
           select ?, r.member_id from insights.saved_segment s join insights.member_rfm r on ${IN_SEGMENT} where s.id = ?`,
          [data.campaignId, segment.id],
        );
      });
    }
    this.runner.start(data.campaignId);
    return this.db.asActor(ctx, (tx) => loadCampaign(tx, data.campaignId));
  }
}
