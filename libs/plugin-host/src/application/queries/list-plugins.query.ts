import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { PluginDefinition } from '@loyalty/plugin-sdk';
import type { RequestContext } from '@loyalty/shared';
import { merchantFor } from '../plugin-merchant-access';
import { PluginRegistry } from '../plugin-registry';

export class ListPluginsQuery {
  constructor(
    readonly ctx: RequestContext,
    /** An operator's or platform admin's merchant; a merchant's staff see their own. */
    readonly merchantId?: string | null,
  ) {}
}

export interface PluginListing {
  definition: PluginDefinition;
  enabled: boolean;
  settings: Record<string, unknown> | null;
}

/** The plugins loaded on this platform, in order, with the merchant's state of each (when there is a merchant). */
@QueryHandler(ListPluginsQuery)
export class ListPluginsHandler implements IQueryHandler<ListPluginsQuery, PluginListing[]> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  async execute({ ctx, merchantId }: ListPluginsQuery): Promise<PluginListing[]> {
    const rows =
      ctx.merchantId || merchantId
        ? await this.db.asActor(ctx, async (tx) => {
            const merchant = await merchantFor(tx, ctx, merchantId);
            return tx.execute<{ pluginId: string; enabled: boolean; settings: Record<string, unknown> }[]>(
              'select plugin_id as "pluginId", enabled, settings from plugin_enablement where merchant_id = ?',
              [merchant.id],
            );
          })
        : [];
    const state = new Map(rows.map((row) => [row.pluginId, row]));
    return this.registry.plugins.map(({ definition }) => ({
      definition,
      enabled: state.get(definition.id)?.enabled ?? false,
      settings: state.get(definition.id)?.settings ?? null,
    }));
  }
}
