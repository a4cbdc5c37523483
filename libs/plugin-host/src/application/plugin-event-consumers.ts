import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Db } from '@loyalty/database';
import { applyOnce, CORE_INBOX_TABLE, type Delivery, EventTransport, type IntegrationEvent } from '@loyalty/events';
import type { PluginEventHandler } from '@loyalty/plugin-sdk';
import type { RequestContext } from '@loyalty/shared';
import { PluginEnablements } from './plugin-enablements';
import { type LoadedPlugin, PluginRegistry } from './plugin-registry';
import { PluginScopes } from './plugin-scopes';

/** The merchant an integration event happened at: the one its payload names (issuer for expiries); none for tenant-wide events. */
export const merchantOfEvent = (event: IntegrationEvent): string | null => {
  const payload = event.payload as { merchantId?: unknown; issuerMerchantId?: unknown };
  const merchantId = payload.merchantId ?? payload.issuerMerchantId;
  return typeof merchantId === 'string' ? merchantId : null;
};

/**
 * Subscribes each plugin's event handlers (consumer `plugin.<id>.<name>`). A delivered batch is one
 * transaction: the inbox claims (so each event takes effect once), then the events of each merchant
 * that has the plugin on, inside that merchant's tenant. Events of merchants without it, and events
 * naming no merchant, are claimed and left alone.
 */
@Injectable()
export class PluginEventConsumers implements OnModuleInit {
  constructor(
    private readonly db: Db,
    private readonly transport: EventTransport,
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly scopes: PluginScopes,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    for (const plugin of this.registry.plugins) {
      for (const consumer of plugin.definition.events ?? []) {
        const name = `plugin.${plugin.definition.id}.${consumer.name}`;
        const handler = this.modules.get<PluginEventHandler>(consumer.handler, { strict: false });
        this.transport.subscribe({ table: CORE_INBOX_TABLE, consumer: name }, consumer.types, (events, delivery) => this.deliver(plugin, name, handler, events, delivery));
      }
    }
  }

  private deliver(plugin: LoadedPlugin, consumer: string, handler: PluginEventHandler, events: IntegrationEvent[], delivery: Delivery): Promise<void> {
    return applyOnce(this.db, { table: CORE_INBOX_TABLE, consumer }, events, delivery, async (tx, fresh) => {
      const byMerchant = new Map<string, IntegrationEvent[]>();
      for (const event of fresh) {
        const merchantId = merchantOfEvent(event);
        if (merchantId) byMerchant.set(merchantId, [...(byMerchant.get(merchantId) ?? []), event]);
      }
      if (byMerchant.size === 0) return;
      // Read as the platform, before entering any tenant.
      const enabled = await this.enablements.merchantsWith(tx, plugin.definition.id, [...byMerchant.keys()]);
      for (const { merchantId, tenantId, settings } of enabled) {
        const batch = byMerchant.get(merchantId)!;
        const ctx: RequestContext = { tenantId, merchantId, storeId: null, actorId: consumer, roles: [], correlationId: batch[0].correlationId };
        await this.db.enterTenant(tx, ctx);
        await handler.handle(this.scopes.scope(tx, plugin.definition, { ctx, tenantId, merchantId, settings }), batch);
      }
    });
  }
}
