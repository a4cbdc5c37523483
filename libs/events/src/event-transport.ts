import type { IntegrationEvent } from './contracts/integration-event';

/**
 * Handles a batch of events, in order, of the types the consumer subscribed to. A consumer applies
 * a batch in one transaction (its inbox claims included); throwing gets the whole batch delivered
 * again, which the inbox then de-duplicates.
 */
export type EventHandler = (events: IntegrationEvent[]) => Promise<void>;

/**
 * Where relayed events go. The in-process transport calls handlers directly; a Kafka transport
 * implements the same port. `publish` resolves only once the events are durably handed over, so
 * the relay marks them sent only then.
 */
export abstract class EventTransport {
  abstract publish(events: IntegrationEvent[]): Promise<void>;
  /** Registers a consumer (its name is the consumer group) for some event types. */
  abstract subscribe(consumer: string, types: readonly string[], handler: EventHandler): void;
  /** Starts delivering to the consumers subscribed so far (once the application is wired). */
  async start(): Promise<void> {}
  async close(): Promise<void> {}
}
