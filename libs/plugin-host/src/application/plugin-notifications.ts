import { Injectable, type OnModuleInit } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import type { Tx } from '@loyalty/database';
import type { IntegrationEvent } from '@loyalty/events';
import { NotificationTriggers, NotifyOnEventsHandler, type Occasion } from '@loyalty/notifications';
import type { PluginDefinition } from '@loyalty/plugin-sdk';
import { localTimeToUtc } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { PluginEnablements } from './plugin-enablements';
import { PluginRegistry } from './plugin-registry';

/**
 * The plugins' notification triggers (`notifications` of their declarations): defined in the
 * notifications service's registry beside the core's, and their events turned into occasions by a
 * consumer per plugin (`plugin.<id>.notifications`, applied once through the notifications inbox),
 * so they go through the same templates, opt-outs, quiet hours and channels. An occasion of a
 * merchant that has the plugin off is dropped. Only where the notifications service runs in the
 * same process (the platform); the members service alone has none to register with.
 */
@Injectable()
export class PluginNotifications implements OnModuleInit {
  constructor(
    private readonly registry: PluginRegistry,
    private readonly enablements: PluginEnablements,
    private readonly merchants: MerchantDirectory,
    private readonly modules: ModuleRef,
  ) {}

  onModuleInit(): void {
    const declaring = this.registry.plugins.map((p) => p.definition).filter((d) => d.notifications?.length);
    if (declaring.length === 0) return;
    let triggers: NotificationTriggers;
    let notify: NotifyOnEventsHandler;
    try {
      triggers = this.modules.get(NotificationTriggers, { strict: false });
      notify = this.modules.get(NotifyOnEventsHandler, { strict: false });
    } catch {
      return;
    }
    for (const plugin of declaring) {
      // A reminder waiting for its time goes out only if the merchant still has the plugin on then.
      const stillOn = async (tx: Tx, merchantIds: readonly string[]) => new Set((await this.enablements.merchantsWith(tx, plugin.id, merchantIds)).map((row) => row.merchantId));
      for (const n of plugin.notifications!) triggers.define({ name: n.trigger, audience: n.audience, subject: n.subject, variables: ['merchantName', ...n.variables] }, stillOn);
      const types = [...new Set(plugin.notifications!.map((n) => n.event))];
      notify.onEvents(`plugin.${plugin.id}.notifications`, types, (tx, events) => this.occasionsOf(tx, plugin, events));
    }
  }

  private async occasionsOf(tx: Tx, plugin: PluginDefinition, events: IntegrationEvent[]): Promise<Occasion[]> {
    const mapped = events.flatMap((event) =>
      plugin.notifications!.filter((n) => n.event === event.type).flatMap((n) => {
        const occasion = n.occasion(event.payload);
        return occasion ? [{ event, trigger: n.trigger, occasion }] : [];
      }),
    );
    if (mapped.length === 0) return [];
    // Read as the platform: the notifications consumer's transaction is in no tenant.
    const on = new Set((await this.enablements.merchantsWith(tx, plugin.id, [...new Set(mapped.map((m) => m.occasion.merchantId))])).map((row) => row.merchantId));
    const occasions: Occasion[] = [];
    for (const { event, trigger, occasion } of mapped.filter((m) => on.has(m.occasion.merchantId))) {
      const at = occasion.at;
      occasions.push({
        source: `${trigger}:${event.id}`,
        tenantId: event.tenantId,
        merchantId: occasion.merchantId,
        memberId: occasion.memberId,
        trigger,
        values: occasion.values,
        at:
          at === undefined
            ? new Date()
            : at instanceof Date
              ? at
              : (localTimeToUtc(`${at.day} ${at.time}`, (await this.merchants.get(tx, occasion.merchantId)).timezone) ?? new Date()),
      });
    }
    return occasions;
  }
}
