import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** 日结: a store's total sales of a local day, members and walk-ins alike, as its till last reported them. */
export const StoreDailySalesSchema = defineEntity({
  name: 'StoreDailySales',
  tableName: 'store_daily_sales',
  checks: [{ name: 'store_daily_sales_non_negative', expression: 'sales_fen >= 0 and orders >= 0' }],
  properties: {
    storeId: p.uuid().primary(),
    day: p.string().columnType('date').primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    salesFen: p.bigint('number'),
    orders: p.integer(),
    reportedAt: p.datetime(),
  },
});
export type StoreDailySales = InferEntity<typeof StoreDailySalesSchema>;
