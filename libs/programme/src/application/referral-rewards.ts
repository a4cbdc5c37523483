import { Injectable, Logger } from '@nestjs/common';
import { pgArray, type Tx } from '@loyalty/database';
import { CONFIG_CACHE_MS, derivedId, DomainError, ExpiringCache, type RequestContext } from '@loyalty/shared';
import { type ReferralOccasion, type ReferralProgram, ReferralProgramSchema } from '../domain/referral.entity';
import { CouponIssuer } from './coupon-issuer';
import { PointsGrant } from './points-grant';

/**
 * 新人有礼: rewards both members of a referral — points from the merchant and its coupons — on each
 * occasion the programme rewards (the invited member's registration, their first purchase at the
 * merchant after the invitation), once per occasion.
 */
@Injectable()
export class ReferralRewards {
  private readonly logger = new Logger(ReferralRewards.name);
  private readonly programs = new ExpiringCache<string, ReferralProgram | null>(CONFIG_CACHE_MS);

  constructor(
    private readonly points: PointsGrant,
    private readonly coupons: CouponIssuer,
  ) {}

  /** The merchant's programme, or null: read on every purchase, so kept like merchant settings. */
  program(tx: Tx, merchantId: string): Promise<ReferralProgram | null> {
    return this.programs.get(merchantId, () => tx.findOne(ReferralProgramSchema, { merchantId }, { disableIdentityMap: true }));
  }

  /** After the merchant's programme was configured. */
  forgetProgram(merchantId: string): void {
    this.programs.forget(merchantId);
  }

  /** Rewards the referral for the occasion unless the programme gives nothing then or it was already; true when this call did. */
  async reward(tx: Tx, ctx: RequestContext, program: ReferralProgram, referral: { id: string; inviterMemberId: string; inviteeMemberId: string }, occasion: ReferralOccasion): Promise<boolean> {
    const reward = occasion === 'REGISTRATION' ? program.onRegistration : program.onFirstPurchase;
    if (!reward) return false;
    const column = REWARDED_AT[occasion];
    const [claimed] = await tx.execute<{ id: string }[]>(`update referral set ${column} = now() where id = ? and ${column} is null returning id`, [referral.id]);
    if (!claimed) return false;
    const rewards = [
      { memberId: referral.inviterMemberId, points: reward.inviterPoints, templateId: reward.inviterCouponTemplateId, role: 'inviter' },
      { memberId: referral.inviteeMemberId, points: reward.inviteePoints, templateId: reward.inviteeCouponTemplateId, role: 'invitee' },
    ];
    for (const { memberId, points, templateId, role } of rewards) {
      if (points > 0) {
        await this.points.grant(tx, ctx, { memberId, points, transferId: derivedId(referral.id, occasion, role), reference: `referral:${referral.id}:${occasion}` });
      }
      if (!templateId) continue;
      try {
        await this.coupons.issue(tx, ctx, { templateId, memberId, reason: `邀请有礼 (${role}, ${occasion})` });
      } catch (error) {
        // A coupon the template's limits refuse is skipped; the points stand.
        if (!(error instanceof DomainError)) throw error;
        this.logger.warn({ code: error.code, referralId: referral.id }, 'referral coupon skipped');
      }
    }
    return true;
  }

  /** After purchases at the merchant: rewards the referrals of these members still waiting for a first purchase. */
  async onPurchases(tx: Tx, ctx: RequestContext, memberIds: string[]): Promise<void> {
    const program = await this.program(tx, ctx.merchantId!);
    if (!program?.onFirstPurchase) return;
    const waiting = await tx.execute<{ id: string; inviterMemberId: string; inviteeMemberId: string }[]>(
      `select id, inviter_member_id as "inviterMemberId", invitee_member_id as "inviteeMemberId" from referral
       where merchant_id = ? and invitee_member_id = any(?::uuid[]) and first_purchase_rewarded_at is null`,
      [ctx.merchantId, pgArray(memberIds)],
    );
    for (const referral of waiting) await this.reward(tx, ctx, program, referral, 'FIRST_PURCHASE');
  }
}

const REWARDED_AT: Record<ReferralOccasion, string> = { REGISTRATION: 'registration_rewarded_at', FIRST_PURCHASE: 'first_purchase_rewarded_at' };
