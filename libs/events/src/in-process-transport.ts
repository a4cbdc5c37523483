import { Logger } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import type { IntegrationEvent } from './contracts/integration-event';
import { consumerOf, EventTransport, type EventHandler, type Subscriber } from './event-transport';
import { claimInboxes, type Inbox } from './inbox';

interface Subscription {
  consumer: string;
  /** Claimed by the transport when it delivers in the relay's transaction. */
  inbox?: Inbox;
  types: ReadonlySet<string>;
  handler: EventHandler;
}

/**
 * Delivers events to handlers in this process, in order, each consumer getting the part of the
 * batch it subscribed to, inside the relay's transaction when it gives one: the relay and every
 * consumer then commit once per batch, and a consumer's work is durable exactly when its events are
 * marked published. A handler that throws fails the publish, so the relay rolls back and delivers
 * the events again: handlers must be idempotent (inbox). In the relay's transaction the inboxes of
 * the consumers subscribed by inbox are claimed first, all in one statement (one round trip a batch
 * instead of one per consumer).
 */
export class InProcessTransport extends EventTransport {
  private readonly logger = new Logger(InProcessTransport.name);
  private readonly subscriptions: Subscription[] = [];

  subscribe(subscriber: Subscriber, types: readonly string[], handler: EventHandler): void {
    this.subscriptions.push({ consumer: consumerOf(subscriber), inbox: typeof subscriber === 'string' ? undefined : subscriber, types: new Set(types), handler });
  }

  async publish(events: IntegrationEvent[], tx?: Tx): Promise<void> {
    const deliveries = this.subscriptions
      .map((subscription) => ({ subscription, wanted: events.filter((event) => subscription.types.has(event.type)) }))
      .filter(({ wanted }) => wanted.length > 0);
    const claiming = tx ? deliveries.filter(({ subscription }) => subscription.inbox) : [];
    const claimed = tx ? await claimInboxes(tx, claiming.map(({ subscription, wanted }) => ({ inbox: subscription.inbox!, events: wanted }))) : [];
    const claimedBy = new Map(claiming.map(({ subscription }, i) => [subscription, claimed[i]]));
    for (const { subscription, wanted } of deliveries) {
      try {
        await subscription.handler(wanted, { tx, claimed: claimedBy.get(subscription) });
      } catch (error) {
        this.logger.error({ err: error, eventIds: wanted.map((e) => e.id), consumer: subscription.consumer }, 'event handler failed');
        throw error;
      }
    }
  }
}
