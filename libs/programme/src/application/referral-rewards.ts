import { Injectable, Logger } from '@nestjs/common';
import { pgArray, type Tx } from '@loyalty/database';
import { derivedId, DomainError, type RequestContext } from '@loyalty/shared';
import { type ReferralProgram, ReferralProgramSchema } from '../domain/referral.entity';
import { CouponIssuer } from './coupon-issuer';
import { PointsGrant } from './points-grant';

/**
 * 新人有礼: rewards both members of a referral, once — points from the merchant and its coupons —
 * on the invited member's registration, or on their first purchase at the merchant.
 */
@Injectable()
export class ReferralRewards {
  private readonly logger = new Logger(ReferralRewards.name);

  constructor(
    private readonly points: PointsGrant,
    private readonly coupons: CouponIssuer,
  ) {}

  program(tx: Tx, merchantId: string): Promise<ReferralProgram | null> {
    return tx.findOne(ReferralProgramSchema, { merchantId });
  }

  /** Rewards the referral unless it was already; true when this call did. */
  async reward(tx: Tx, ctx: RequestContext, program: ReferralProgram, referral: { id: string; inviterMemberId: string; inviteeMemberId: string }): Promise<boolean> {
    const [claimed] = await tx.execute<{ id: string }[]>('update referral set rewarded_at = now() where id = ? and rewarded_at is null returning id', [referral.id]);
    if (!claimed) return false;
    const rewards = [
      { memberId: referral.inviterMemberId, points: program.inviterPoints, templateId: program.inviterCouponTemplateId, role: 'inviter' },
      { memberId: referral.inviteeMemberId, points: program.inviteePoints, templateId: program.inviteeCouponTemplateId, role: 'invitee' },
    ];
    for (const reward of rewards) {
      if (reward.points > 0) {
        await this.points.grant(tx, ctx, { memberId: reward.memberId, points: reward.points, transferId: derivedId(referral.id, reward.role), reference: `referral:${referral.id}` });
      }
      if (!reward.templateId) continue;
      try {
        await this.coupons.issue(tx, ctx, { templateId: reward.templateId, memberId: reward.memberId, reason: `邀请有礼 (${reward.role})` });
      } catch (error) {
        // A coupon the template's limits refuse is skipped; the points stand.
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn({ code: error.code, referralId: referral.id }, 'referral coupon skipped');
      }
    }
    return true;
  }

  /** After purchases at the merchant: rewards the referrals waiting for these members' first purchase. */
  async onPurchases(tx: Tx, ctx: RequestContext, memberIds: string[]): Promise<void> {
    const program = await this.program(tx, ctx.merchantId!);
    if (!program || program.trigger !== 'FIRST_PURCHASE') return;
    const waiting = await tx.execute<{ id: string; inviterMemberId: string; inviteeMemberId: string }[]>(
      `select id, inviter_member_id as "inviterMemberId", invitee_member_id as "inviteeMemberId" from referral
       where merchant_id = ? and invitee_member_id = any(?::uuid[]) and rewarded_at is null`,
      [ctx.merchantId, pgArray(memberIds)],
    );
    for (const referral of waiting) await this.reward(tx, ctx, program, referral);
  }
}
