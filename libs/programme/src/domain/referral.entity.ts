import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

export const REFERRAL_TRIGGERS = ['REGISTRATION', 'FIRST_PURCHASE'] as const;

/**
 * 会员分享 / 新人有礼: a merchant's referral programme — when both members are rewarded (the invited
 * member's registration, or first purchase at the merchant) and with what (points, a coupon).
 */
export const ReferralProgramSchema = defineEntity({
  name: 'ReferralProgram',
  tableName: 'referral_program',
  checks: [{ name: 'referral_program_rewards_non_negative', expression: 'inviter_points >= 0 and invitee_points >= 0' }],
  properties: {
    merchantId: p.uuid().primary(),
    tenantId: p.uuid(),
    trigger: p.enum(REFERRAL_TRIGGERS),
    inviterPoints: p.bigint('number'),
    inviteePoints: p.bigint('number'),
    inviterCouponTemplateId: p.uuid().nullable(),
    inviteeCouponTemplateId: p.uuid().nullable(),
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

/** Who invited whom, at which merchant; rewarded once. One invitation per invited member (phone). */
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
    rewardedAt: p.datetime().nullable(),
  },
});
export type Referral = InferEntity<typeof ReferralSchema>;
