import { Injectable, Logger } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { DomainError, type RequestContext } from '@loyalty/shared';
import type { CouponTrigger } from '../domain/coupon-rules';
import { CouponIssuer } from './coupon-issuer';

/** An occasion for a member: its key makes it once only (the year of a birthday, the level reached). */
export interface CouponOccasion {
  memberId: string;
  key: string;
  levelCode?: string;
}

const REASONS: Record<CouponTrigger, string> = {
  NEW_MEMBER: '新人大礼包',
  BIRTHDAY: '生日礼券',
  REACTIVATION: '唤醒券',
  LEVEL_REACHED: '升级礼券',
};

/**
 * 自动发券: issues the coupons of a merchant's rules for an occasion, once per member and occasion.
 * A coupon the template's limits refuse is skipped (and logged), never failing the work that
 * triggered it (a purchase, a registration).
 */
@Injectable()
export class CouponRuleService {
  private readonly logger = new Logger(CouponRuleService.name);

  constructor(private readonly issuer: CouponIssuer) {}

  /** Returns how many coupons were issued. */
  async issue(tx: Tx, ctx: RequestContext, trigger: CouponTrigger, merchantId: string, occasions: CouponOccasion[]): Promise<number> {
    if (occasions.length === 0) return 0;
    const rules = await tx.execute<{ id: string; templateId: string; levelCode: string | null }[]>(
      'select id, template_id as "templateId", level_code as "levelCode" from coupon_rule where merchant_id = ? and trigger = ? order by created_at',
      [merchantId, trigger],
    );
    let issued = 0;
    for (const occasion of occasions) {
      for (const rule of rules.filter((r) => r.levelCode === null || r.levelCode === occasion.levelCode)) {
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
}
