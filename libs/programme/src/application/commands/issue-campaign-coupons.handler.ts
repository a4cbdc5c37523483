import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db, pgArray, type Tx } from '@loyalty/database';
import { DomainError, notFound, parseInput, type RequestContext, unprocessable } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import { z } from 'zod';
import { type CampaignCouponOutcome, IssueCampaignCouponsCommand } from '../../contracts/issue-campaign-coupons.command';
import { CouponIssuer } from '../coupon-issuer';

const campaignInput = z.object({ campaignId: z.uuid(), templateId: z.uuid(), memberIds: z.array(z.uuid()).max(1000) });

/** The occasion key of campaign coupons: with the campaign id as the rule, one per member. */
const CAMPAIGN_KEY = 'campaign';

/**
 * Issues a campaign's coupons to a batch of members in one transaction, each through the coupon
 * issuer (limits, counts given back on refusal); a member refused is reported, not failing the
 * batch, and one who has the campaign's coupon already is not given another.
 */
@CommandHandler(IssueCampaignCouponsCommand)
export class IssueCampaignCouponsHandler implements ICommandHandler<IssueCampaignCouponsCommand, CampaignCouponOutcome[]> {
  constructor(
    private readonly db: Db,
    private readonly issuer: CouponIssuer,
  ) {}

  async execute({ ctx, input }: IssueCampaignCouponsCommand): Promise<CampaignCouponOutcome[]> {
    requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(campaignInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const [template] = await tx.execute<{ usable: boolean }[]>(
        `select valid_until is null or valid_until > now() as usable from coupon_template where id = ?`,
        [data.templateId],
      );
      if (!template) throw notFound('COUPON_TEMPLATE_NOT_FOUND', 'No such coupon template');
      if (!template.usable) throw unprocessable('COUPON_TEMPLATE_EXPIRED', 'This coupon template’s validity has ended');
      const memberIds = [...new Set(data.memberIds)];
      if (memberIds.length === 0) return [];
      const known = new Set((await tx.execute<{ id: string }[]>('select id from member where id = any(?::uuid[])', [pgArray(memberIds)])).map((m) => m.id));
      const had = new Set(
        (
          await tx.execute<{ memberId: string }[]>(`select member_id as "memberId" from coupon where rule_id = ? and rule_key = ? and member_id = any(?::uuid[])`, [
            data.campaignId,
            CAMPAIGN_KEY,
            pgArray(memberIds),
          ])
        ).map((c) => c.memberId),
      );
      const outcomes: CampaignCouponOutcome[] = [];
      for (const memberId of memberIds) {
        if (!known.has(memberId)) outcomes.push({ memberId, outcome: 'refused', code: 'MEMBER_NOT_FOUND' });
        else if (had.has(memberId)) outcomes.push({ memberId, outcome: 'already_issued' });
        else outcomes.push(await this.issueOne(tx, ctx, data.templateId, data.campaignId, memberId));
      }
      return outcomes;
    });
  }

  private async issueOne(tx: Tx, ctx: RequestContext, templateId: string, campaignId: string, memberId: string): Promise<CampaignCouponOutcome> {
    try {
      const coupon = await this.issuer.issue(tx, ctx, { templateId, memberId, reason: `营销活动 ${campaignId}`, rule: { id: campaignId, key: CAMPAIGN_KEY } });
      return { memberId, outcome: coupon ? 'issued' : 'already_issued' };
    } catch (error) {
      if (error instanceof DomainError) return { memberId, outcome: 'refused', code: error.code };
      throw error;
    }
  }
}
