export { pluginHostEntities } from './plugin-entities';
export { PluginHostModule } from './plugin-host.module';
export { loadPlugins } from './loading/plugin-loader';
export { PluginJobs } from './application/plugin-jobs';
export { PluginEnablements } from './application/plugin-enablements';
export { type LoadedPlugin } from './application/plugin-registry';
export { PluginMigrationError, catalogProblems } from './application/plugin-migrator';
export { EnablePluginCommand } from './application/commands/enable-plugin.command';
export { DisablePluginCommand } from './application/commands/disable-plugin.command';
