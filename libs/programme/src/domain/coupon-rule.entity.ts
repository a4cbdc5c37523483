import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COUPON_TRIGGERS } from './coupon-rules';

/**
 * 自动发券: a merchant's rule giving members a coupon of a template on an occasion — registering
 * (新人大礼包), their birthday, coming back after a while away (唤醒), reaching a level. A birthday
 * rule may give points (生日积分) instead of a coupon, or with it.
 */
export const CouponRuleSchema = defineEntity({
  name: 'CouponRule',
  tableName: 'coupon_rule',
  indexes: [{ properties: ['merchantId', 'trigger'] }],
  checks: [{ name: 'coupon_rule_gives_something', expression: 'template_id is not null or points > 0' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    trigger: p.enum(COUPON_TRIGGERS),
    templateId: p.uuid().nullable(),
    /** BIRTHDAY: points given from the merchant's issuance. */
    points: p.bigint('number').nullable(),
    /** LEVEL_REACHED: the level; BIRTHDAY: the level whose gift it is (none: every member's). */
    levelCode: p.string().nullable(),
    /** REACTIVATION: days since the member's last purchase at the merchant. */
    inactiveDays: p.integer().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type CouponRule = InferEntity<typeof CouponRuleSchema>;
