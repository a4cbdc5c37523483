import type { Tx } from '@loyalty/database';
import { notFound, type RequestContext } from '@loyalty/shared';

/** A campaign and its progress: the audience's members done so far, by outcome. */
export interface CouponCampaignView {
  id: string;
  segmentId: string;
  couponTemplateId: string;
  status: 'running' | 'done';
  total: number;
  done: number;
  issued: number;
  alreadyIssued: number;
  refused: number;
  /** Members refused, by the programme's code (COUPON_MEMBER_LIMIT_REACHED…). */
  refusals: { code: string; members: number }[];
  createdAt: Date;
  finishedAt: Date | null;
}

export interface CampaignRow {
  id: string;
  tenantId: string;
  scopeId: string;
  scope: 'merchant' | 'alliance';
  segmentId: string;
  couponTemplateId: string;
  createdBy: string;
}

export const CAMPAIGN_COLUMNS = `id, tenant_id as "tenantId", scope_id as "scopeId", scope, segment_id as "segmentId", coupon_template_id as "couponTemplateId", created_by as "createdBy"`;

/** Who issues a campaign's coupons: the staff member who started it, in the scope's role. */
export function campaignContext(campaign: CampaignRow): RequestContext {
  const merchant = campaign.scope === 'merchant';
  return {
    tenantId: campaign.tenantId,
    merchantId: merchant ? campaign.scopeId : null,
    storeId: null,
    actorId: campaign.createdBy,
    roles: [merchant ? 'MERCHANT_ADMIN' : 'ALLIANCE_OPERATOR'],
    correlationId: `coupon-campaign-${campaign.id}`,
  };
}

/** The campaign with its progress, as the caller may see it. */
export async function loadCampaign(tx: Tx, campaignId: string): Promise<CouponCampaignView> {
  const [row] = await tx.execute<(Omit<CouponCampaignView, 'refusals'> & { refusals: { code: string; members: number }[] | null })[]>(
    `select c.id, c.segment_id as "segmentId", c.coupon_template_id as "couponTemplateId", c.status, c.created_at as "createdAt", c.finished_at as "finishedAt",
            p.total, p.done, p.issued, p.already as "alreadyIssued", p.refused,
            (select json_agg(json_build_object('code', code, 'members', n) order by code) from (
               select refusal_code as code, count(*)::int as n from insights.coupon_campaign_member where campaign_id = c.id and outcome = 'refused' group by refusal_code) r) as refusals
     from insights.coupon_campaign c cross join lateral (
       select count(*)::int as total, count(outcome)::int as done, (count(*) filter (where outcome = 'issued'))::int as issued,
              (count(*) filter (where outcome = 'already_issued'))::int as already, (count(*) filter (where outcome = 'refused'))::int as refused
       from insights.coupon_campaign_member m where m.campaign_id = c.id) p
     where c.id = ?`,
    [campaignId],
  );
  if (!row) throw notFound('CAMPAIGN_NOT_FOUND', 'No such coupon campaign');
  return { ...row, refusals: row.refusals ?? [], createdAt: new Date(row.createdAt), finishedAt: row.finishedAt ? new Date(row.finishedAt) : null };
}
