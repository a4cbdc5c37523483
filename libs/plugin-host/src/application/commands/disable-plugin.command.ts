import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { PluginEnablements } from '../plugin-enablements';
import { PluginRegistry } from '../plugin-registry';
import { type PluginState, requirePluginAdmin, writePluginState } from '../plugin-state';

export class DisablePluginCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: { pluginId: string; merchantId?: string | null },
  ) {}
}

/** Turns a plugin off for a merchant: from then on it has no effect there. Its settings and data stay. */
@CommandHandler(DisablePluginCommand)
export class DisablePluginHandler implements ICommandHandler<DisablePluginCommand, PluginState> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
  ) {}

  execute({ ctx, input }: DisablePluginCommand): Promise<PluginState> {
    requirePluginAdmin(ctx);
    this.registry.get(input.pluginId);
    return this.db.asActor(ctx, (tx) => writePluginState(tx, ctx, this.enablements, input, (current) => ({ enabled: false, settings: current?.settings ?? {} })));
  }
}
