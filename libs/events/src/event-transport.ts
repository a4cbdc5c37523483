import type { Tx } from '@loyalty/database';
import type { IntegrationEvent } from './contracts/integration-event';
import type { Inbox } from './inbox';

/**
 * How a batch reached its consumer. `tx` is the outbox relay's transaction when the transport
 * delivers inside it (in this process): the consumer applies the batch in it, so its work and the
 * rows marked published commit together. Without it (Kafka, or a publish outside a relay) the
 * consumer opens a transaction of its own (`applyOnce`).
 */
export interface Delivery {
  tx?: Tx;
  /**
   * The events of the batch the consumer's inbox had not seen, when the transport claimed them in
   * `tx` (in this process: every subscribed inbox of a batch in one statement, see
   * InProcessTransport); otherwise `applyOnce` claims them itself.
   */
  claimed?: ReadonlySet<string>;
}

/** A consumer by name, or by its inbox (whose consumer name it has) for a transport that claims inboxes. */
export type Subscriber = string | Inbox;

/** The consumer's name (its consumer group over Kafka). */
export const consumerOf = (subscriber: Subscriber): string => (typeof subscriber === 'string' ? subscriber : subscriber.consumer);

/**
 * Handles a batch of events, in order, of the types the consumer subscribed to. A consumer applies
 * a batch in one transaction (its inbox claims included); throwing gets the whole batch delivered
 * again, which the inbox then de-duplicates.
 */
export type EventHandler = (events: IntegrationEvent[], delivery: Delivery) => Promise<void>;

/**
 * Where relayed events go. The in-process transport calls handlers directly; a Kafka transport
 * implements the same port. `publish` resolves only once the events are durably handed over, so
 * the relay marks them sent only then; `tx` is the relay's transaction, for a transport that
 * delivers inside it.
 */
export abstract class EventTransport {
  abstract publish(events: IntegrationEvent[], tx?: Tx): Promise<void>;
  /**
   * Registers a consumer (its name is the consumer group) for some event types; given as its inbox,
   * a transport delivering in the relay's transaction claims the inbox for it (`Delivery.claimed`).
   */
  abstract subscribe(subscriber: Subscriber, types: readonly string[], handler: EventHandler): void;
  /** Starts delivering to the consumers subscribed so far (once the application is wired). */
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}
