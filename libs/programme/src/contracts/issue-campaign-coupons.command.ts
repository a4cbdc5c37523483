import type { RequestContext } from '@loyalty/shared';

/**
 * 营销发券: give each of these members a coupon of the template for one campaign — what other
 * contexts (insights, for a saved segment as the audience) dispatch on the command bus. Once per
 * member and campaign, whatever is retried; the template's total and per-member limits hold. An
 * empty list checks the template only (COUPON_TEMPLATE_NOT_FOUND, COUPON_TEMPLATE_EXPIRED).
 */
export class IssueCampaignCouponsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: { campaignId: string; templateId: string; memberIds: readonly string[] },
  ) {}
}

/** Per member: issued now, had it from this campaign already, or refused with the issue's code (a limit reached…). */
export type CampaignCouponOutcome = { memberId: string; outcome: 'issued' | 'already_issued' } | { memberId: string; outcome: 'refused'; code: string };
