import { afterCommit, type Tx } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';
import type { PluginEnablements } from './plugin-enablements';
import { merchantFor } from './plugin-merchant-access';

/** A merchant's state of one plugin, as the admin API answers it. */
export interface PluginState {
  pluginId: string;
  merchantId: string;
  enabled: boolean;
  settings: Record<string, unknown> | null;
}

/** Who changes plugin state: a merchant's admin for their merchant, an alliance operator or platform admin for a merchant they name. */
export const requirePluginAdmin = (ctx: RequestContext) => requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');

/**
 * Writes a merchant's row of a plugin (in the caller's transaction, under row-level security) and
 * makes this process forget the merchant's cached plugins once it commits.
 */
export async function writePluginState(
  tx: Tx,
  ctx: RequestContext,
  enablements: PluginEnablements,
  input: { pluginId: string; merchantId?: string | null },
  change: (current: { enabled: boolean; settings: Record<string, unknown> } | null) => { enabled: boolean; settings: Record<string, unknown> },
): Promise<PluginState> {
  const merchant = await merchantFor(tx, ctx, input.merchantId);
  const [current] = await tx.execute<{ enabled: boolean; settings: Record<string, unknown> }[]>(
    'select enabled, settings from plugin_enablement where merchant_id = ? and plugin_id = ? for update',
    [merchant.id, input.pluginId],
  );
  const next = change(current ?? null);
  await tx.execute(
    `insert into plugin_enablement (merchant_id, plugin_id, tenant_id, enabled, settings, updated_at, updated_by) values (?, ?, ?, ?, ?, now(), ?)
     on conflict (merchant_id, plugin_id) do update set enabled = excluded.enabled, settings = excluded.settings, updated_at = excluded.updated_at, updated_by = excluded.updated_by`,
    [merchant.id, input.pluginId, merchant.tenantId, next.enabled, JSON.stringify(next.settings), ctx.actorId],
  );
  afterCommit(tx, () => enablements.forget(merchant.id));
  return { pluginId: input.pluginId, merchantId: merchant.id, ...next };
}
