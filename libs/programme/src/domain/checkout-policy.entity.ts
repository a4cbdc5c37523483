import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/**
 * How a merchant's checkouts take points as money (积分抵扣) and how long a quote holds. Without
 * one, points do not pay (share 0) and quotes hold five minutes.
 */
export const CheckoutPolicySchema = defineEntity({
  name: 'CheckoutPolicy',
  tableName: 'checkout_policy',
  properties: {
    merchantId: p.uuid().primary(),
    tenantId: p.uuid(),
    /** Points that pay ¥1. */
    pointsPerYuan: p.integer(),
    /** At most this share of the bill (after discounts and coupons) in points, permille. */
    maxPointsSharePermille: p.integer(),
    quoteValiditySeconds: p.integer(),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type CheckoutPolicy = InferEntity<typeof CheckoutPolicySchema>;

export const DEFAULT_CHECKOUT_POLICY = { pointsPerYuan: 100, maxPointsSharePermille: 0, quoteValiditySeconds: 300 };
