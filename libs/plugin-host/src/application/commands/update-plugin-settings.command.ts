import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { PluginEnablements } from '../plugin-enablements';
import { PluginRegistry } from '../plugin-registry';
import { type PluginState, requirePluginAdmin, writePluginState } from '../plugin-state';

export class UpdatePluginSettingsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: { pluginId: string; merchantId?: string | null; settings: Record<string, unknown> },
  ) {}
}

/**
 * Replaces a merchant's settings of a plugin, validated against the plugin's JSON schema (defaults
 * filled in): PLUGIN_SETTINGS_INVALID (400) with each field's problem, and nothing saved, otherwise.
 */
@CommandHandler(UpdatePluginSettingsCommand)
export class UpdatePluginSettingsHandler implements ICommandHandler<UpdatePluginSettingsCommand, PluginState> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
  ) {}

  execute({ ctx, input }: UpdatePluginSettingsCommand): Promise<PluginState> {
    requirePluginAdmin(ctx);
    const settings = this.registry.get(input.pluginId).checkSettings(input.settings);
    return this.db.asActor(ctx, (tx) => writePluginState(tx, ctx, this.enablements, input, (current) => ({ enabled: current?.enabled ?? false, settings })));
  }
}
