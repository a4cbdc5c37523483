import { type DynamicModule, Module, type Type, UseGuards } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { LoyaltyModule } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { PluginCore, type PluginDefinition } from '@loyalty/plugin-sdk';
import { ProgrammeModule } from '@loyalty/programme';
import { StaffAuthGuard, StaffAuthModule, TenancyModule } from '@loyalty/tenancy';
import { memberFieldResolver } from './api/graphql/member-field.resolver';
import { PluginsResolver } from './api/graphql/plugins.resolver';
import { OfPlugin, PluginEnabledGuard } from './api/plugin-enabled.guard';
import { pluginPosController } from './api/pos/plugin-pos.controller';
import { BoundPluginCore } from './application/bound-plugin-core';
import { DisablePluginHandler } from './application/commands/disable-plugin.command';
import { EnablePluginHandler } from './application/commands/enable-plugin.command';
import { GrantPluginPermissionHandler } from './application/commands/grant-plugin-permission.command';
import { UpdatePluginSettingsHandler } from './application/commands/update-plugin-settings.command';
import { PluginEnablements } from './application/plugin-enablements';
import { PluginEventConsumers } from './application/plugin-event-consumers';
import { PluginJobs } from './application/plugin-jobs';
import { PluginLevelMeasures } from './application/plugin-level-measures';
import { PluginMemberFields } from './application/plugin-member-fields';
import { PluginMigrator } from './application/plugin-migrator';
import { PluginNotifications } from './application/plugin-notifications';
import { PluginPosWrites } from './application/plugin-pos-writes';
import { PluginPurchaseHook } from './application/plugin-purchase.hook';
import { type LoadedPlugin, PluginRegistry } from './application/plugin-registry';
import { PluginScopes } from './application/plugin-scopes';
import { ListPluginsHandler } from './application/queries/list-plugins.query';

/** What every plugin module may inject: the registry, enablement, scopes, and the guard of its resolvers. */
@Module({})
class PluginRuntimeModule {
  static forRoot(registry: PluginRegistry): DynamicModule {
    return {
      module: PluginRuntimeModule,
      global: true,
      imports: [TenancyModule, MembersModule, LoyaltyModule, ProgrammeModule],
      providers: [{ provide: PluginRegistry, useValue: registry }, PluginEnablements, PluginScopes, PluginEnabledGuard],
      exports: [PluginRegistry, PluginEnablements, PluginScopes, PluginEnabledGuard],
    };
  }
}

/** The classes a plugin's declaration names, which its module provides. */
function extensionClassesOf(d: PluginDefinition): Type<unknown>[] {
  return [
    ...(d.enrichers ?? []),
    ...(d.earnRules ?? []),
    ...(d.purchaseObservers ?? []),
    ...(d.memberProfile ?? []).map((m) => m.loader),
    ...(d.events ?? []).map((e) => e.handler),
    ...(d.jobs ?? []).map((j) => j.handler),
    ...(d.pos ?? []).map((e) => e.handler),
    ...(d.levelMeasures ?? []).map((m) => m.provider),
  ];
}

/** Resolver classes already guarded (a process may boot the platform more than once: tests). */
const guarded = new WeakSet<Type<unknown>>();

/** A plugin as a Nest module of its own: its providers, extension classes and resolvers (guarded), and its bound facade. */
function pluginModule(d: PluginDefinition): DynamicModule {
  const name = `Plugin_${d.id.replace(/-/g, '_')}_Module`;
  const module = { [name]: class {} }[name];
  for (const resolver of d.resolvers ?? []) {
    if (guarded.has(resolver)) continue;
    guarded.add(resolver);
    OfPlugin(d.id)(resolver);
    UseGuards(StaffAuthGuard, PluginEnabledGuard)(resolver);
  }
  return {
    module,
    imports: [StaffAuthModule, ...(d.imports ?? [])],
    providers: [
      ...(d.providers ?? []),
      ...new Set(extensionClassesOf(d)),
      ...(d.resolvers ?? []),
      { provide: PluginCore, inject: [Db, PluginEnablements, PluginScopes], useFactory: (db: Db, e: PluginEnablements, s: PluginScopes) => new BoundPluginCore(d, db, e, s) },
    ],
  };
}

/**
 * 插件: hosts the plugins PLUGINS loaded (`loadPlugins`) in the members service — migrates them,
 * wires their extension points into the purchase path, events, jobs, GraphQL, the POS API, the
 * programme's level rules and (where it runs alongside) the notifications service's triggers — and
 * the merchant-facing administration of which plugins are on.
 */
@Module({})
export class PluginHostModule {
  static forRoot(plugins: readonly LoadedPlugin[]): DynamicModule {
    const registry = new PluginRegistry(plugins);
    const definitions = plugins.map((p) => p.definition);
    return {
      module: PluginHostModule,
      imports: [PluginRuntimeModule.forRoot(registry), TenancyModule, LoyaltyModule, ProgrammeModule, ...definitions.map(pluginModule)],
      controllers: definitions.filter((d) => d.pos?.length).map(pluginPosController),
      providers: [
        PluginMigrator,
        PluginPurchaseHook,
        PluginEventConsumers,
        PluginJobs,
        PluginMemberFields,
        PluginPosWrites,
        PluginLevelMeasures,
        PluginNotifications,
        PluginsResolver,
        ListPluginsHandler,
        EnablePluginHandler,
        DisablePluginHandler,
        UpdatePluginSettingsHandler,
        GrantPluginPermissionHandler,
        ...definitions.flatMap((d) => (d.memberProfile ?? []).map((extension) => memberFieldResolver(d, extension))),
      ],
      exports: [PluginJobs],
    };
  }
}
