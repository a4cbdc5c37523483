import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { PromotionConfig } from './promotion-rules';

/** 促销: a merchant's promotion, running between its start and end, with its priority and exclusivity. */
export const PromotionSchema = defineEntity({
  name: 'Promotion',
  tableName: 'promotion',
  indexes: [{ properties: ['merchantId', 'endsAt'] }],
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid(),
    merchantId: p.uuid(),
    name: p.string(),
    priority: p.integer(),
    exclusive: p.boolean(),
    startsAt: p.datetime().nullable(),
    endsAt: p.datetime().nullable(),
    config: p.json<PromotionConfig>(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Promotion = InferEntity<typeof PromotionSchema>;
