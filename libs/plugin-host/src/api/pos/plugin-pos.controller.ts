import { Controller, Headers, HttpCode, Inject, Post, Res, Body, type Type, UseGuards } from '@nestjs/common';
import { ApiResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import type { FastifyReply } from 'fastify';
import { replyWith } from '@loyalty/database';
import { errorSchema, posWriteDocs } from '@loyalty/loyalty';
import type { PluginDefinition } from '@loyalty/plugin-sdk';
import { type RequestContext, requireIdempotencyKey } from '@loyalty/shared';
import { Ctx, PosApiKeyGuard } from '@loyalty/tenancy';
import { PluginPosWrites } from '../../application/plugin-pos-writes';

/**
 * The POS controller of one plugin (made when the plugin loads): one route per declared write at
 * `POST /api/pos/v1/plugins/<plugin id>/<path>`, behind the store's POS key, with the platform's
 * Idempotency-Key handling and error mapping, documented in the OpenAPI document.
 */
export function pluginPosController(plugin: PluginDefinition): Type<unknown> {
  @ApiTags(`plugin: ${plugin.id}`)
  @ApiSecurity('posApiKey')
  @Controller(`api/pos/v1/plugins/${plugin.id}`)
  @UseGuards(PosApiKeyGuard)
  class PluginPosController {
    constructor(@Inject(PluginPosWrites) readonly writes: PluginPosWrites) {}
  }
  for (const endpoint of plugin.pos ?? []) {
    const method = endpoint.path.replace(/-([a-z0-9])/g, (_, c: string) => c.toUpperCase());
    Object.defineProperty(PluginPosController.prototype, method, {
      configurable: true,
      writable: true,
      async value(this: PluginPosController, ctx: RequestContext, key: string | undefined, body: unknown, reply: FastifyReply) {
        return replyWith(reply, await this.writes.submit(plugin.id, endpoint.path, ctx, body, requireIdempotencyKey(key)));
      },
    });
    const descriptor = Object.getOwnPropertyDescriptor(PluginPosController.prototype, method)!;
    const proto = PluginPosController.prototype;
    Reflect.defineMetadata('design:paramtypes', [Object, String, Object, Object], proto, method);
    Ctx()(proto, method, 0);
    Headers('idempotency-key')(proto, method, 1);
    Body()(proto, method, 2);
    Res({ passthrough: true })(proto, method, 3);
    for (const decorate of [
      Post(endpoint.path),
      HttpCode(201),
      posWriteDocs(endpoint.input, endpoint.summary, { type: 'object' }),
      ApiResponse({ status: 403, description: 'PLUGIN_NOT_ENABLED: the plugin is off for this merchant', schema: errorSchema }),
      ...(endpoint.errors?.length ? [ApiResponse({ status: 422, description: endpoint.errors.join(', '), schema: errorSchema })] : []),
    ]) {
      decorate(proto, method, descriptor);
    }
    Object.defineProperty(proto, method, descriptor);
  }
  return PluginPosController;
}
