import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PricedCheckout } from './checkout-pricing';

export const QUOTE_STATUSES = ['OPEN', 'COMMITTED'] as const;

/** 报价: a priced order for a member, held for its validity until a checkout commits it once. */
export const CheckoutQuoteSchema = defineEntity({
  name: 'CheckoutQuote',
  tableName: 'checkout_quote',
  indexes: [{ properties: ['memberId', 'createdAt'] }, { properties: ['purchaseId'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    storeId: p.uuid(),
    memberId: p.uuid(),
    /** What was asked: lines, coupons, points, whether to use stored value. */
    request: p.json<Record<string, unknown>>(),
    result: p.json<PricedCheckout>(),
    status: p.enum(QUOTE_STATUSES),
    expiresAt: p.datetime(),
    orderNo: p.string().nullable(),
    purchaseId: p.uuid().nullable(),
    committedAt: p.datetime().nullable(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type CheckoutQuote = InferEntity<typeof CheckoutQuoteSchema>;
