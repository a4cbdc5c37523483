import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { COUPON_KINDS, COUPON_STACKING } from './coupon-rules';

/** 优惠券模板: what a merchant's coupon gives, when it is valid, how many may be issued. */
export const CouponTemplateSchema = defineEntity({
  name: 'CouponTemplate',
  tableName: 'coupon_template',
  checks: [{ name: 'coupon_template_issued_within_limit', expression: 'total_limit is null or issued_count <= total_limit' }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid().index(),
    name: p.string(),
    kind: p.enum(COUPON_KINDS),
    thresholdFen: p.bigint('number'),
    amountOffFen: p.bigint('number').nullable(),
    discountPermille: p.integer().nullable(),
    maxDiscountFen: p.bigint('number').nullable(),
    giftName: p.string().nullable(),
    validFrom: p.datetime().nullable(),
    validUntil: p.datetime().nullable(),
    validDays: p.integer().nullable(),
    perMemberLimit: p.integer().nullable(),
    totalLimit: p.integer().nullable(),
    issuedCount: p.integer().default(0),
    stacking: p.enum(COUPON_STACKING),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type CouponTemplate = InferEntity<typeof CouponTemplateSchema>;
