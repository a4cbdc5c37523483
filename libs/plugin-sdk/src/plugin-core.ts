import type { RequestContext } from '@loyalty/shared';
import type { PluginScope } from './extension-points';

/**
 * The platform's facade for a plugin's own services and resolvers (inject it: each plugin gets one
 * bound to itself). Extension points are handed their scope; this opens one.
 */
export abstract class PluginCore {
  /**
   * Runs `work` in one transaction inside the caller's tenant, under row-level security, with the
   * merchant's settings of this plugin. A merchant's staff act for their merchant; an alliance
   * operator or platform admin names one. PLUGIN_NOT_ENABLED (403) when it is off for that merchant.
   */
  abstract inTenant<T, TSettings = Record<string, unknown>>(ctx: RequestContext, work: (scope: PluginScope<TSettings>) => Promise<T>, merchantId?: string): Promise<T>;
}
