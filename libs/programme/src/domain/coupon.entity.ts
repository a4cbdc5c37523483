import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COUPON_STATUSES } from './coupon-rules';

/** A coupon held by a member: issued → used / expired / revoked, with when, where and why. */
export const CouponSchema = defineEntity({
  name: 'Coupon',
  tableName: 'coupon',
  indexes: [{ properties: ['memberId', 'status'] }, { properties: ['templateId', 'memberId'] }, { properties: ['status', 'validUntil'] }],
  /** A rule gives a member one coupon per occasion (the year of a birthday, the level reached…). */
  uniques: [{ properties: ['ruleId', 'memberId', 'ruleKey'] }],
  checks: [{ name: 'coupon_used_has_order', expression: "status <> 'USED' or (used_at is not null and used_order_no is not null)" }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    templateId: p.uuid(),
    memberId: p.uuid(),
    status: p.enum(COUPON_STATUSES),
    validFrom: p.datetime(),
    validUntil: p.datetime(),
    issuedAt: p.datetime(),
    issuedBy: p.string(),
    /** Why it was issued: staff's note, or the rule. */
    issueReason: p.string(),
    /** The rule that issued it, and the occasion, for coupons issued by rule. */
    ruleId: p.uuid().nullable(),
    ruleKey: p.string().nullable(),
    usedAt: p.datetime().nullable(),
    usedStoreId: p.uuid().nullable(),
    usedOrderNo: p.string().nullable(),
    discountFen: p.bigint('number').nullable(),
    revokedAt: p.datetime().nullable(),
    revokeReason: p.string().nullable(),
  },
});
export type Coupon = InferEntity<typeof CouponSchema>;
