import { Db } from '@loyalty/database';
import { PluginCore, type PluginDefinition, type PluginScope } from '@loyalty/plugin-sdk';
import type { RequestContext } from '@loyalty/shared';
import { PluginEnablements } from './plugin-enablements';
import { merchantFor } from './plugin-merchant-access';
import { PluginScopes } from './plugin-scopes';

/** The facade one plugin's services and resolvers inject (as `PluginCore`), bound to that plugin. */
export class BoundPluginCore extends PluginCore {
  constructor(
    private readonly plugin: PluginDefinition,
    private readonly db: Db,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
  ) {
    super();
  }

  async inTenant<T, TSettings = Record<string, unknown>>(ctx: RequestContext, work: (scope: PluginScope<TSettings>) => Promise<T>, merchantId?: string): Promise<T> {
    // A platform admin has no tenant of its own: the merchant's is looked up as the platform.
    const merchant = await (ctx.tenantId ? this.db.inTenant(ctx, (tx) => merchantFor(tx, ctx, merchantId)) : this.db.asSystem((tx) => merchantFor(tx, ctx, merchantId)));
    const acting: RequestContext = { ...ctx, tenantId: merchant.tenantId, merchantId: merchant.id };
    return this.db.inTenant(acting, async (tx) => {
      const settings = await this.enablements.settingsOf(this.plugin.id, merchant.id, tx);
      return work(this.scopes.scope<TSettings>(tx, this.plugin, { ctx: acting, tenantId: merchant.tenantId, merchantId: merchant.id, settings }));
    });
  }
}
