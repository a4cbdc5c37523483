import { Injectable } from '@nestjs/common';
import { Db, pgArray, type Tx } from '@loyalty/database';
import { CONFIG_CACHE_MS, DomainError, ExpiringCache } from '@loyalty/shared';
import { PluginRegistry } from './plugin-registry';

export const pluginNotEnabled = (pluginId: string) => new DomainError('PLUGIN_NOT_ENABLED', `Plugin "${pluginId}" is not enabled for this merchant`, 403);

/**
 * Which loaded plugins each merchant has on, with its settings of each. Read on every POS purchase,
 * so kept for a few seconds (as merchant settings are); a change made in this process applies at
 * once. A merchant with none costs the purchase path one map look-up.
 */
@Injectable()
export class PluginEnablements {
  private readonly cache = new ExpiringCache<string, ReadonlyMap<string, Record<string, unknown>>>(CONFIG_CACHE_MS);
  /** By tenant: plugin id → the merchants that have it on (level measures of tenant-wide schemes). */
  private readonly tenantCache = new ExpiringCache<string, ReadonlyMap<string, readonly string[]>>(CONFIG_CACHE_MS);

  constructor(
    private readonly db: Db,
    private readonly registry: PluginRegistry,
  ) {}

  /** Plugin id → settings, for the merchant's enabled plugins, in the configured order. `tx` reads in the caller's transaction. */
  enabledFor(merchantId: string, tx?: Tx): Promise<ReadonlyMap<string, Record<string, unknown>>> {
    return this.cache.get(merchantId, async () => {
      const read = (t: Tx) =>
        t.execute<{ pluginId: string; settings: Record<string, unknown> }[]>(
          'select plugin_id as "pluginId", settings from plugin_enablement where merchant_id = ? and enabled',
          [merchantId],
        );
      const rows = new Map((await (tx ? read(tx) : this.db.asSystem(read))).map((row) => [row.pluginId, row.settings]));
      return new Map(this.registry.plugins.filter((p) => rows.has(p.definition.id)).map((p) => [p.definition.id, rows.get(p.definition.id)!]));
    });
  }

  /** The merchant's settings of the plugin; PLUGIN_NOT_ENABLED when it is off. */
  async settingsOf(pluginId: string, merchantId: string, tx?: Tx): Promise<Record<string, unknown>> {
    const settings = (await this.enabledFor(merchantId, tx)).get(pluginId);
    if (!settings) throw pluginNotEnabled(pluginId);
    return settings;
  }

  /** Whether any merchant of the tenant has the plugin on (what an alliance operator may use). */
  async enabledInTenant(pluginId: string, tenantId: string): Promise<boolean> {
    const rows = await this.db.asSystem((tx) => tx.execute('select 1 from plugin_enablement where tenant_id = ? and plugin_id = ? and enabled limit 1', [tenantId, pluginId]));
    return rows.length > 0;
  }

  /** Merchants that have the plugin on, with their settings (scheduled jobs, as the platform). */
  merchantsWith(tx: Tx, pluginId: string, merchantIds?: readonly string[]) {
    return tx.execute<{ merchantId: string; tenantId: string; settings: Record<string, unknown> }[]>(
      `select merchant_id as "merchantId", tenant_id as "tenantId", settings from plugin_enablement
       where plugin_id = ? and enabled ${merchantIds ? 'and merchant_id = any(?::uuid[])' : ''} order by merchant_id`,
      merchantIds ? [pluginId, pgArray(merchantIds)] : [pluginId],
    );
  }

  /**
   * The tenant's merchants that have the plugin on, read as the platform (a merchant's transaction
   * sees only its own rows) and kept for a few seconds like the rest.
   */
  async merchantsInTenant(pluginId: string, tenantId: string): Promise<readonly string[]> {
    const byPlugin = await this.tenantCache.get(tenantId, async () => {
      const rows = await this.db.asSystem((tx) =>
        tx.execute<{ pluginId: string; merchantId: string }[]>(
          'select plugin_id as "pluginId", merchant_id as "merchantId" from plugin_enablement where tenant_id = ? and enabled order by merchant_id',
          [tenantId],
        ),
      );
      const merchants = new Map<string, string[]>();
      for (const row of rows) merchants.set(row.pluginId, [...(merchants.get(row.pluginId) ?? []), row.merchantId]);
      return merchants;
    });
    return byPlugin.get(pluginId) ?? [];
  }

  forget(merchantId: string): void {
    this.cache.forget(merchantId);
    this.tenantCache.forget();
  }
}
