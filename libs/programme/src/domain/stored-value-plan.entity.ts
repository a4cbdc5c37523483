import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import { type BonusTier, SPEND_ORDERS } from './stored-value-rules';

/** 储值方案: a merchant's recharge bonus tiers (充值赠送) and the order payments spend principal and bonus in. */
export const StoredValuePlanSchema = defineEntity({
  name: 'StoredValuePlan',
  tableName: 'stored_value_plan',
  properties: {
    merchantId: p.uuid().primary(),
    tenantId: p.uuid(),
    spendOrder: p.enum(SPEND_ORDERS),
    bonusTiers: p.json<BonusTier[]>(),
    updatedAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type StoredValuePlan = InferEntity<typeof StoredValuePlanSchema>;
