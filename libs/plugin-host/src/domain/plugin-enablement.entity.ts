import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** Whether a plugin is on for a merchant, and the merchant's settings of it (kept while it is off). */
export const PluginEnablementSchema = defineEntity({
  name: 'PluginEnablement',
  tableName: 'plugin_enablement',
  properties: {
    merchantId: p.uuid().primary(),
    pluginId: p.string().primary(),
    tenantId: p.uuid().index(),
    enabled: p.boolean(),
    settings: p.json<Record<string, unknown>>(),
    updatedAt: p.datetime(),
    updatedBy: p.string(),
  },
});
export type PluginEnablement = InferEntity<typeof PluginEnablementSchema>;
