import { defineEntity, p, type InferEntity } from '@mikro-orm/core';

/** A plugin permission held by a staff member (e.g. a pharmacist 药师 reading health profiles). */
export const PluginPermissionGrantSchema = defineEntity({
  name: 'PluginPermissionGrant',
  tableName: 'plugin_permission_grant',
  properties: {
    staffId: p.uuid().primary(),
    pluginId: p.string().primary(),
    permission: p.string().primary(),
    tenantId: p.uuid().index(),
    merchantId: p.uuid(),
    grantedAt: p.datetime(),
    grantedBy: p.string(),
  },
});
export type PluginPermissionGrant = InferEntity<typeof PluginPermissionGrantSchema>;
