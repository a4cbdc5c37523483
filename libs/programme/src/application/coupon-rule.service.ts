import { Injectable, Logger } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { derivedId, DomainError, newId, type RequestContext } from '@loyalty/shared';
import type { CouponTrigger } from '../domain/coupon-rules';
import { CouponIssuer } from './coupon-issuer';
import { PointsGrant } from './points-grant';

/** An occasion for a member: its key makes it once only (the year of a birthday, the level reached). */
export interface CouponOccasion {
  memberId: string;
  key: string;
  levelCode?: string;
  /** The store points are given at (the member's store at the merchant), for rules that give points. */
  storeId?: string;
}

const REASONS: Record<CouponTrigger, string> = {
  NEW_MEMBER: '新人大礼包',
  BIRTHDAY: '生日礼',
  REACTIVATION: '唤醒券',
  LEVEL_REACHED: '升级礼券',
};

/**
 * 自动发券: issues the coupons (and birthday points) of a merchant's rules for an occasion, once per
 * member and occasion. A coupon the template's limits refuse is skipped (and logged), never failing
 * the work that triggered it (a purchase, a registration).
 */
@Injectable()
export class CouponRuleService {
  private readonly logger = new Logger(CouponRuleService.name);

  constructor(
    private readonly issuer: CouponIssuer,
    private readonly pointsGrant: PointsGrant,
  ) {}

  /** Returns how many coupons and points grants were given. */
  async issue(tx: Tx, ctx: RequestContext, trigger: CouponTrigger, merchantId: string, occasions: CouponOccasion[]): Promise<number> {
    if (occasions.length === 0) return 0;
    const rules = await tx.execute<{ id: string; templateId: string | null; points: number | null; levelCode: string | null }[]>(
      'select id, template_id as "templateId", points, level_code as "levelCode" from coupon_rule where merchant_id = ? and trigger = ? order by created_at',
      [merchantId, trigger],
    );
    let issued = 0;
    for (const occasion of occasions) {
      for (const rule of rules.filter((r) => r.levelCode === null || r.levelCode === occasion.levelCode)) {
        if (rule.points) issued += await this.givePoints(tx, { ...ctx, merchantId, storeId: occasion.storeId ?? ctx.storeId }, trigger, { ...rule, points: Number(rule.points) }, occasion);
        if (!rule.templateId) continue;
        try {
          const coupon = await this.issuer.issue(tx, { ...ctx, merchantId }, {
            templateId: rule.templateId,
            memberId: occasion.memberId,
            reason: `${REASONS[trigger]} (${trigger} ${occasion.key})`,
            rule: { id: rule.id, key: occasion.key },
          });
          if (coupon) issued++;
        } catch (error) {
          if (!(error instanceof DomainError)) throw error;
          this.logger.warn({ code: error.code, ruleId: rule.id, memberId: occasion.memberId }, 'coupon rule skipped a member');
        }
      }
    }
    return issued;
  }

  /** The rule's points for the occasion, through the ledger, unless they were given already: 1 or 0. */
  private async givePoints(tx: Tx, ctx: RequestContext, trigger: CouponTrigger, rule: { id: string; points: number }, occasion: CouponOccasion): Promise<number> {
    const transferId = derivedId(rule.id, occasion.memberId, occasion.key);
    const [claimed] = await tx.execute<{ id: string }[]>(
      `insert into rule_points_grant (id, tenant_id, merchant_id, rule_id, member_id, rule_key, points, transfer_id, granted_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, now()) on conflict (rule_id, member_id, rule_key) do nothing returning id`,
      [newId(), ctx.tenantId, ctx.merchantId, rule.id, occasion.memberId, occasion.key, rule.points, transferId],
    );
    if (!claimed) return 0;
    await this.pointsGrant.grant(tx, ctx, { memberId: occasion.memberId, points: rule.points, transferId, reference: `${REASONS[trigger]} ${occasion.key}` });
    return 1;
  }
}
