import { Logger } from '@nestjs/common';
import type { IntegrationEvent } from './contracts/integration-event';
import { EventTransport, type EventHandler } from './event-transport';

interface Subscription {
  consumer: string;
  types: ReadonlySet<string>;
  handler: EventHandler;
}

/**
 * Delivers events to handlers in this process, in order, each consumer getting the part of the
 * batch it subscribed to. A handler that throws fails the publish, so the relay keeps the events
 * and delivers them again: handlers must be idempotent (inbox).
 */
export class InProcessTransport extends EventTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private readonly subscriptions: Subscription[] = [];

  subscribe(consumer: string, types: readonly string[], handler: EventHandler): void {
    this.subscriptions.push({ consumer, types: new Set(types), handler });
  }

  async publish(events: IntegrationEvent[]): Promise<void> {
    for (const subscription of this.subscriptions) {
      const wanted = events.filter((event) => subscription.types.has(event.type));
      if (wanted.length === 0) continue;
      try {
        await subscription.handler(wanted);
      } catch (error) {
        this.logger.error({ err: error, eventIds: wanted.map((e) => e.id), consumer: subscription.consumer }, 'event handler failed');
        throw error;
      }
    }
  }
}
