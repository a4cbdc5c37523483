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

export interface PluginGrant {
  staffId: string;
  pluginId: string;
  permission: string;
  merchantId: string;
  grantedBy: string;
}

export interface PluginListing {
  definition: PluginDefinition;
  enabled: boolean;
  settings: Record<string, unknown> | null;
  /** The merchant's grants of the plugin's permissions: all for its admins, the caller's own for other staff. */
  grants: PluginGrant[];
  /** The permissions the caller holds. */
  myPermissions: string[];
}

const ADMINS = ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN'];

/** The plugins loaded on this platform, in order, with the merchant's state of each (when there is a merchant). */
@QueryHandler(ListPluginsQuery)
export class ListPluginsHandler implements IQueryHandler<ListPluginsQuery, PluginListing[]> {
  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  async execute({ ctx, merchantId }: ListPluginsQuery): Promise<PluginListing[]> {
    const { rows, grants } =
      ctx.merchantId || merchantId
        ? await this.db.asActor(ctx, async (tx) => {
            const merchant = await merchantFor(tx, ctx, merchantId);
            const admin = ctx.roles.some((role) => ADMINS.includes(role));
            return {
              rows: await tx.execute<{ pluginId: string; enabled: boolean; settings: Record<string, unknown> }[]>(
                'select plugin_id as "pluginId", enabled, settings from plugin_enablement where merchant_id = ?',
                [merchant.id],
              ),
              grants: await tx.execute<PluginGrant[]>(
                `select staff_id as "staffId", plugin_id as "pluginId", permission, merchant_id as "merchantId", granted_by as "grantedBy"
                 from plugin_permission_grant where merchant_id = ? and (? or staff_id::text = ?) order by granted_at, permission`,
                [merchant.id, admin, ctx.actorId],
              ),
            };
          })
        : { rows: [], grants: [] };
    const state = new Map(rows.map((row) => [row.pluginId, row]));
    return this.registry.plugins.map(({ definition }) => ({
      definition,
      enabled: state.get(definition.id)?.enabled ?? false,
      settings: state.get(definition.id)?.settings ?? null,
      grants: grants.filter((g) => g.pluginId === definition.id),
      myPermissions: grants.filter((g) => g.pluginId === definition.id && g.staffId === ctx.actorId).map((g) => g.permission),
    }));
  }
}
