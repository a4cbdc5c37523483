import { type CanActivate, type ExecutionContext, Injectable, SetMetadata } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { GqlExecutionContext } from '@nestjs/graphql';
import type { RequestContext } from '@loyalty/shared';
import { pluginNotEnabled, PluginEnablements } from '../application/plugin-enablements';

const PLUGIN_ID = 'plugin:id';
/** Marks a plugin's resolver class with its plugin (the host does it when it loads the plugin). */
export const OfPlugin = (pluginId: string) => SetMetadata(PLUGIN_ID, pluginId);

/**
 * After staff authentication: a plugin's resolvers answer only when the plugin is on for the
 * caller's merchant (PLUGIN_NOT_ENABLED otherwise); for an alliance operator, on for one of the
 * alliance's merchants; a platform admin always.
 */
@Injectable()
export class PluginEnabledGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly enablements: PluginEnablements,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const pluginId = this.reflector.getAllAndOverride<string>(PLUGIN_ID, [context.getHandler(), context.getClass()]);
    const ctx: RequestContext | undefined = GqlExecutionContext.create(context).getContext().req?.ctx;
    if (!pluginId || !ctx) return false;
    if (ctx.roles.includes('PLATFORM_ADMIN')) return true;
    const enabled = ctx.merchantId ? (await this.enablements.enabledFor(ctx.merchantId)).has(pluginId) : await this.enablements.enabledInTenant(pluginId, ctx.tenantId ?? '');
    if (!enabled) throw pluginNotEnabled(pluginId);
    return true;
  }
}
