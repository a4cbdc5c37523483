import { UseGuards } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { Args, Field, ID, Mutation, ObjectType, Query, Resolver } from '@nestjs/graphql';
import type { Labels } from '@loyalty/plugin-sdk';
import { GraphQLJSONObject, GraphQLUUID, type RequestContext } from '@loyalty/shared';
import { Ctx, StaffAuthGuard } from '@loyalty/tenancy';
import { DisablePluginCommand } from '../../application/commands/disable-plugin.command';
import { EnablePluginCommand } from '../../application/commands/enable-plugin.command';
import { GrantPluginPermissionCommand } from '../../application/commands/grant-plugin-permission.command';
import { UpdatePluginSettingsCommand } from '../../application/commands/update-plugin-settings.command';
import { measureName } from '../../application/plugin-level-measures';
import type { PluginState } from '../../application/plugin-state';
import { ListPluginsQuery, type PluginListing } from '../../application/queries/list-plugins.query';
import { PluginGql, PluginPermissionGrantGql } from './plugins.types';

@ObjectType('PluginState', { description: 'A merchant’s state of a plugin after a change' })
class PluginStateGql {
  @Field(() => ID) pluginId!: string;
  @Field(() => ID) merchantId!: string;
  @Field() enabled!: boolean;
  @Field(() => GraphQLJSONObject, { nullable: true }) settings!: Record<string, unknown> | null;
}

const labels = (l: Labels) => ({ zhCN: l['zh-CN'], en: l.en });
const merchantArg = { type: () => GraphQLUUID, nullable: true, description: 'Operator or platform admin: the merchant' } as const;

function toGql({ definition: d, enabled, settings, grants, myPermissions }: PluginListing): PluginGql {
  return {
    id: d.id,
    name: labels(d.name),
    description: d.description ?? null,
    version: d.version,
    compatibility: d.compatibility,
    enabled,
    settings,
    settingsSchema: d.settings?.schema ?? null,
    settingsLabels: Object.entries(d.settings?.labels ?? {}).map(([path, label]) => ({ path, label: labels(label) })),
    permissions: (d.permissions ?? []).map((p) => ({ code: p.code, label: labels(p.label) })),
    grants,
    myPermissions,
    consoleResources: (d.console ?? []).map((r) => ({
      name: r.name,
      placement: r.placement,
      label: labels(r.label),
      query: r.query,
      fields: r.fields.map((f) => ({ path: f.path, label: labels(f.label), format: f.format ?? 'text' })),
      permission: r.permission ?? null,
    })),
    memberFields: (d.memberProfile ?? []).map((m) => m.field),
    measures: (d.levelMeasures ?? []).map((m) => ({ name: measureName(d, m), description: m.description })),
  };
}

/** 插件管理: which plugins the platform has, which a merchant has on, their settings and permissions. */
@Resolver()
@UseGuards(StaffAuthGuard)
export class PluginsResolver {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Query(() => [PluginGql], { description: 'Plugins loaded on the platform, with the merchant’s state of each' })
  async plugins(@Ctx() ctx: RequestContext, @Args('merchantId', merchantArg) merchantId?: string) {
    const listings: PluginListing[] = await this.queries.execute(new ListPluginsQuery(ctx, merchantId));
    return listings.map(toGql);
  }

  @Mutation(() => PluginStateGql, { description: 'Turns a plugin on for a merchant (merchant admins, alliance operators)' })
  enablePlugin(@Ctx() ctx: RequestContext, @Args('pluginId') pluginId: string, @Args('merchantId', merchantArg) merchantId?: string): Promise<PluginState> {
    return this.commands.execute(new EnablePluginCommand(ctx, { pluginId, merchantId }));
  }

  @Mutation(() => PluginStateGql, { description: 'Turns a plugin off for a merchant; it then has no effect there' })
  disablePlugin(@Ctx() ctx: RequestContext, @Args('pluginId') pluginId: string, @Args('merchantId', merchantArg) merchantId?: string): Promise<PluginState> {
    return this.commands.execute(new DisablePluginCommand(ctx, { pluginId, merchantId }));
  }

  @Mutation(() => PluginStateGql, { description: 'Replaces a merchant’s settings of a plugin, checked against its JSON schema (PLUGIN_SETTINGS_INVALID)' })
  updatePluginSettings(
    @Ctx() ctx: RequestContext,
    @Args('pluginId') pluginId: string,
    @Args('settings', { type: () => GraphQLJSONObject }) settings: Record<string, unknown>,
    @Args('merchantId', merchantArg) merchantId?: string,
  ): Promise<PluginState> {
    return this.commands.execute(new UpdatePluginSettingsCommand(ctx, { pluginId, merchantId, settings }));
  }

  @Mutation(() => PluginPermissionGrantGql, { description: 'Gives one of the merchant’s staff a plugin permission' })
  grantPluginPermission(
    @Ctx() ctx: RequestContext,
    @Args('staffId', { type: () => GraphQLUUID }) staffId: string,
    @Args('pluginId') pluginId: string,
    @Args('permission') permission: string,
  ) {
    return this.commands.execute(new GrantPluginPermissionCommand(ctx, { staffId, pluginId, permission }));
  }

  @Mutation(() => PluginPermissionGrantGql, { description: 'Takes a plugin permission back' })
  revokePluginPermission(
    @Ctx() ctx: RequestContext,
    @Args('staffId', { type: () => GraphQLUUID }) staffId: string,
    @Args('pluginId') pluginId: string,
    @Args('permission') permission: string,
  ) {
    return this.commands.execute(new GrantPluginPermissionCommand(ctx, { staffId, pluginId, permission }, false));
  }
}
