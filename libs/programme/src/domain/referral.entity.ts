import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** The occasions a referral is rewarded on: the invited member's registration, their first purchase at the merchant. */
export const REFERRAL_OCCASIONS = ['REGISTRATION', 'FIRST_PURCHASE'] as const;
export type ReferralOccasion = (typeof REFERRAL_OCCASIONS)[number];

/** What both members get on one occasion: points from the merchant, and coupons of its templates. */
export interface ReferralReward {
  inviterPoints: number;
  inviteePoints: number;
  inviterCouponTemplateId: string | null;
  inviteeCouponTemplateId: string | null;
}

/**
 * 会员分享 / 新人有礼: a merchant's referral programme — what both members get when the invited
 * member registers, and when they first buy at the merchant (either, or both), each once.
 */
export const ReferralProgramSchema = defineEntity({
  name: 'ReferralProgram',
  tableName: 'referral_program',
  checks: [{ name: 'referral_program_rewards_something', expression: 'on_registration is not null or on_first_purchase is not null' }],
  properties: {
    merchantId: p.uuid().primary(),
    tenantId: p.uuid(),
    onRegistration: p.json<ReferralReward>().nullable(),
    onFirstPurchase: p.json<ReferralReward>().nullable(),
    /** The invitation must be recorded within this many days of the invited member's registration. */
    windowDays: p.integer(),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type ReferralProgram = InferEntity<typeof ReferralProgramSchema>;

/** A member's share code (分享码), one per member in the tenant. */
export const ReferralCodeSchema = defineEntity({
  name: 'ReferralCode',
  tableName: 'referral_code',
  uniques: [{ properties: ['tenantId', 'code'] }],
  properties: {
    memberId: p.uuid().primary(),
    tenantId: p.uuid(),
    code: p.string(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type ReferralCode = InferEntity<typeof ReferralCodeSchema>;

/** Who invited whom, at which merchant; rewarded once per occasion. One invitation per invited member (a phone is one member of the tenant). */
export const ReferralSchema = defineEntity({
  name: 'Referral',
  tableName: 'referral',
  uniques: [{ properties: ['tenantId', 'inviteeMemberId'] }],
  indexes: [{ properties: ['inviterMemberId'] }],
  checks: [{ name: 'referral_not_self', expression: 'inviter_member_id <> invitee_member_id' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    inviterMemberId: p.uuid(),
    inviteeMemberId: p.uuid(),
    createdAt: p.datetime(),
    registrationRewardedAt: p.datetime().nullable(),
    firstPurchaseRewardedAt: p.datetime().nullable(),
  },
});
export type Referral = InferEntity<typeof ReferralSchema>;
