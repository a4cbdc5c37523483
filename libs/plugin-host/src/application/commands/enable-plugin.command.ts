import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { PluginEnablements } from '../plugin-enablements';
import { PluginRegistry } from '../plugin-registry';
import { type PluginState, requirePluginAdmin, writePluginState } from '../plugin-state';

export class EnablePluginCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: { pluginId: string; merchantId?: string | null },
  ) {}
}

/** Turns a plugin on for a merchant, with the settings it had (or the schema's defaults), checked again. */
@CommandHandler(EnablePluginCommand)
export class EnablePluginHandler implements ICommandHandler<EnablePluginCommand, PluginState> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
  ) {}

  execute({ ctx, input }: EnablePluginCommand): Promise<PluginState> {
    requirePluginAdmin(ctx);
    const plugin = this.registry.get(input.pluginId);
    return this.db.asActor(ctx, (tx) => writePluginState(tx, ctx, this.enablements, input, (current) => ({ enabled: true, settings: plugin.checkSettings(current?.settings ?? {}) })));
  }
}
