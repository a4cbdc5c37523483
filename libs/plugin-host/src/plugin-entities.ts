import { PluginEnablementSchema } from './domain/plugin-enablement.entity';
import { PluginPermissionGrantSchema } from './domain/plugin-permission-grant.entity';

/** The plugin host's core tables (public schema, the members service's). */
export const pluginHostEntities = [PluginEnablementSchema, PluginPermissionGrantSchema];
