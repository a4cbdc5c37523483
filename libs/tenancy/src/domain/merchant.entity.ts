import { defineEntity, p, type InferEntity } from '@mikro-orm/core';
import type { MerchantSettings } from './merchant-settings';

/**
 * A brand or chain HQ (连锁总部). In an alliance its tenant is the alliance; standing alone it is
 * its own tenant (tenantId = id), with members of its own.
 */
export const MerchantSchema = defineEntity({
  name: 'Merchant',
  tableName: 'merchant',
  properties: {
    id: p.uuid().primary(),
    tenantId: p.uuid().index(),
    allianceId: p.uuid().nullable(),
    name: p.string(),
    /** pharmacy 药店, pet 宠物店, hotel 酒店, fuel 加油站, retail… */
    industry: p.string(),
    timezone: p.string().default('Asia/Shanghai'),
    settings: p.json<MerchantSettings>(),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Merchant = InferEntity<typeof MerchantSchema>;
