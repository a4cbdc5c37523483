import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { PosWriteEachInSavepoint } from '@loyalty/loyalty';
import type { PluginDefinition, PosEndpoint, PosWriteEndpoint } from '@loyalty/plugin-sdk';
import type { RequestContext } from '@loyalty/shared';
import type { z } from 'zod';
import { PluginEnablements } from './plugin-enablements';
import { PluginRegistry } from './plugin-registry';
import { PluginScopes } from './plugin-scopes';

export const pluginPosPath = (plugin: PluginDefinition, endpoint: PosEndpoint) => `api/pos/v1/plugins/${plugin.id}/${endpoint.path}`;

/**
 * A plugin's POS write, the platform's way: the input validated, then the group-commit batcher
 * (Idempotency-Key claimed in the write's transaction, each job in its own savepoint), the plugin's
 * handler applied in the store's tenant with the merchant's settings. A plugin that is off for the
 * merchant is PLUGIN_NOT_ENABLED, and nothing is kept.
 */
class PluginPosWriteHandler extends PosWriteEachInSavepoint<z.ZodType, unknown> {
  protected readonly endpoint: string;
  protected readonly schema: z.ZodType;

  constructor(
    batcher: WriteBatcher,
    private readonly plugin: PluginDefinition,
    posEndpoint: PosEndpoint,
    private readonly handler: PosWriteEndpoint,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
  ) {
    super(batcher);
    this.endpoint = `POST /${pluginPosPath(plugin, posEndpoint)}`;
    this.schema = posEndpoint.input;
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: unknown, idempotencyKey: string): Promise<WriteOutcome<unknown>> {
    const settings = await this.enablements.settingsOf(this.plugin.id, ctx.merchantId!, tx);
    return this.handler.apply(this.scopes.scope(tx, this.plugin, { ctx, tenantId: ctx.tenantId!, merchantId: ctx.merchantId!, settings }), data, idempotencyKey);
  }
}

/** Every plugin POS write of this process, by plugin and path. */
@Injectable()
export class PluginPosWrites implements OnModuleInit {
  private readonly handlers = new Map<string, PluginPosWriteHandler>();

  constructor(
    private readonly batcher: WriteBatcher,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const { definition } of this.registry.plugins) {
      for (const endpoint of definition.pos ?? []) {
        const handler = this.modules.get<PosWriteEndpoint>(endpoint.handler, { strict: false });
        this.handlers.set(`${definition.id}/${endpoint.path}`, new PluginPosWriteHandler(this.batcher, definition, endpoint, handler, this.enablements, this.scopes));
      }
    }
  }

  /** Checks the plugin is on before even validating, then submits the write. */
  async submit(pluginId: string, path: string, ctx: RequestContext, body: unknown, idempotencyKey: string): Promise<WriteOutcome<unknown>> {
    await this.enablements.settingsOf(pluginId, ctx.merchantId!);
    return this.handlers.get(`${pluginId}/${path}`)!.execute({ ctx, input: body, idempotencyKey });
  }
}
