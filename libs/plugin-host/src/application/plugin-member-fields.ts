import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Db } from '@loyalty/database';
import type { MemberProfileExtension, MemberProfileLoader, PluginDefinition } from '@loyalty/plugin-sdk';
import { type RequestContext, RequestBatches } from '@loyalty/shared';
import { PluginEnablements } from './plugin-enablements';
import { PluginScopes } from './plugin-scopes';

/**
 * Resolves the fields plugins add to `Member`, for all the members of one GraphQL response at once:
 * the first member's field opens a batch, the others of the same request join it before it runs.
 * A field is null unless the plugin is on for the caller's merchant; a field that needs a permission
 * is FORBIDDEN without it.
 */
@Injectable()
export class PluginMemberFields {
  private readonly batches = new RequestBatches<unknown>();

  constructor(
    private readonly db: Db,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
    private readonly modules: ModuleRef,
  ) {}

  async resolve(plugin: PluginDefinition, extension: MemberProfileExtension, request: { ctx?: RequestContext }, memberId: string): Promise<unknown> {
    const value = await this.batches.get(request, `${plugin.id}.${extension.field}`, memberId, (memberIds) => this.load(plugin, extension, request.ctx, memberIds));
    return value ?? null;
  }

  private async load(plugin: PluginDefinition, extension: MemberProfileExtension, ctx: RequestContext | undefined, memberIds: string[]): Promise<Map<string, unknown>> {
    // Member fields are a merchant's view: staff acting without a merchant see them empty.
    if (!ctx?.merchantId || !ctx.tenantId) return new Map();
    const settings = (await this.enablements.enabledFor(ctx.merchantId)).get(plugin.id);
    if (!settings) return new Map();
    return this.db.inTenant(ctx, async (tx) => {
      const scope = this.scopes.scope(tx, plugin, { ctx, tenantId: ctx.tenantId!, merchantId: ctx.merchantId!, settings });
      if (extension.permission) await scope.requirePermission(extension.permission);
      return this.modules.get<MemberProfileLoader>(extension.loader, { strict: false }).load(scope, memberIds);
    });
  }
}
