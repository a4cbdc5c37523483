import { Logger } from '@nestjs/common';
import type { IntegrationEvent } from './contracts/integration-event';
import { EventTransport, type EventHandler } from './event-transport';

interface Subscription {
  consumer: string;
  types: ReadonlySet<string>;
  handler: EventHandler;
}

/**
 * Delivers events to handlers in this process, in order. A handler that throws fails the publish,
 * so the relay keeps the events and delivers them again: handlers must be idempotent (inbox).
 */
export class InProcessTransport extends EventTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private readonly subscriptions: Subscription[] = [];

  subscribe(consumer: string, types: readonly string[], handler: EventHandler): void {
    this.subscriptions.push({ consumer, types: new Set(types), handler });
  }

  async publish(events: IntegrationEvent[]): Promise<void> {
    for (const event of events) {
      for (const subscription of this.subscriptions) {
        if (!subscription.types.has(event.type)) continue;
        try {
          await subscription.handler(event);
        } catch (error) {
          this.logger.error({ err: error, eventId: event.id, consumer: subscription.consumer }, 'event handler failed');
          throw error;
        }
      }
    }
  }
}
