import { Logger } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import type { IntegrationEvent } from './contracts/integration-event';
import { EventTransport, type EventHandler } from './event-transport';

interface Subscription {
  consumer: string;
  types: ReadonlySet<string>;
  handler: EventHandler;
}

/**
 * Delivers events to handlers in this process, in order, each consumer getting the part of the
 * batch it subscribed to, inside the relay's transaction when it gives one: the relay and every
 * consumer then commit once per batch, and a consumer's work is durable exactly when its events are
 * marked published. A handler that throws fails the publish, so the relay rolls back and delivers
 * the events again: handlers must be idempotent (inbox).
 */
export class InProcessTransport extends EventTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private readonly subscriptions: Subscription[] = [];

  subscribe(consumer: string, types: readonly string[], handler: EventHandler): void {
    this.subscriptions.push({ consumer, types: new Set(types), handler });
  }

  async publish(events: IntegrationEvent[], tx?: Tx): Promise<void> {
    for (const subscription of this.subscriptions) {
      const wanted = events.filter((event) => subscription.types.has(event.type));
      if (wanted.length === 0) continue;
      try {
        await subscription.handler(wanted, { tx });
      } catch (error) {
        this.logger.error({ err: error, eventIds: wanted.map((e) => e.id), consumer: subscription.consumer }, 'event handler failed');
        throw error;
      }
    }
  }
}
