import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** 商家联盟 / 异业联盟: merchants sharing one member identity and one points currency. */
export const AllianceSchema = defineEntity({
  name: 'Alliance',
  tableName: 'alliance',
  properties: {
    id: p.uuid().primary(),
    name: p.string(),
    timezone: p.string().default('Asia/Shanghai'),
    createdAt: p.datetime().defaultRaw('now()').onCreate(() => new Date()),
  },
});
export type Alliance = InferEntity<typeof AllianceSchema>;
