/** @loyalty/plugin-sdk: everything a plugin imports from the platform. See README.md. */
export { PLUGIN_SDK_API_VERSION } from './sdk-version';
export { definePlugin, isPluginDefinition, tablePrefixOf, fieldPrefixOf, PLUGIN_ID_PATTERN, PluginDeclarationError, type PluginDefinition } from './define-plugin';
export type { PluginDeclaration, PluginMigration, MemberProfileExtension, ConsoleResource, PosEndpoint, Labels } from './plugin-definition';
export type * from './extension-points';
export { PluginCore } from './plugin-core';
export { tenantRowLevelSecurity, type RowScope } from './row-level-security';
export * from './contracts';
export type { LevelMeasureDeclaration, LevelMeasureProvider, LevelMeasureScope } from './level-measures';
export { includingLevel, type LevelInclusivePoints } from './level-inclusive-points';
export type { NotificationTriggerDeclaration, PluginNotificationOccasion } from './notification-triggers';
export { addLocalDays, localDateOf, localDaysBetween } from './local-dates';
export { orderRefunds } from './refunds';
