import { Logger } from '@nestjs/common';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Consumer, Kafka, KafkaJSError, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { IntegrationEvent } from '../contracts/integration-event';
import { consumerOf, EventTransport, type EventHandler, type Subscriber } from '../event-transport';
import { consumerGroupOf, EVENTS_TOPIC, KAFKA_CLIENT_ID, TOPIC_PARTITIONS } from './kafka-names';

/** How long a start waits for the events topic to have a leader on every partition. */
const TOPIC_READY_MS = 60_000;

interface Subscription {
  consumer: string;
  types: readonly string[];
  handler: EventHandler;
  running?: Consumer;
}

/**
 * The event port over Kafka. `publish` resolves once every broker replica acknowledged the batch
 * (acks = all, idempotent producer, one in flight: order kept), so the outbox relay marks events
 * sent only then. Consumers commit an offset only after their handler returned: a crash in between
 * redelivers the event, which the consumer's inbox then ignores.
 */
export class KafkaTransport extends EventTransport {
  private readonly logger = new Logger(KafkaTransport.name);
  private readonly kafka: Kafka;
  private readonly subscriptions: Subscription[] = [];
  private producer?: Producer;
  private topicReady?: Promise<void>;
  private started = false;
  private closed = false;

  constructor(brokers: string[]) {
    super();
    // kafkajs's own errors (most are retried: a coordinator not yet elected, a rebalance) go to the
    // platform's log as warnings rather than to the console.
    this.kafka = new Kafka({
      clientId: KAFKA_CLIENT_ID,
      brokers,
      logLevel: logLevel.ERROR,
      logCreator: () => ({ log }) => this.logger.warn({ kafkajs: log.message, error: log.error, broker: log.broker }),
    });
  }

  /** Each consumer claims its inbox in its own transaction (`applyOnce`): the batches come without one. */
  subscribe(subscriber: Subscriber, types: readonly string[], handler: EventHandler): void {
    const consumer = consumerOf(subscriber);
    const subscription: Subscription = { consumer, types, handler };
    this.subscriptions.push(subscription);
    // Subscribed after start (a module wired late): start this consumer now.
    if (this.started) void this.startConsumer(subscription).catch((error) => this.logger.error({ err: error, consumer }, 'consumer failed to start'));
  }

  /** Creates the topic and starts the consumers registered so far. */
  override async start(): Promise<void> {
    this.started = true;
    for (const subscription of this.subscriptions) if (!subscription.running) await this.startConsumer(subscription);
  }

  private async startConsumer(subscription: Subscription): Promise<void> {
    await this.ensureTopic();
    if (this.closed) return;
    const consumer = this.kafka.consumer({ groupId: consumerGroupOf(subscription.consumer) });
    subscription.running = consumer; // disconnected on close even if starting fails below
    await consumer.connect();
    await consumer.subscribe({ topics: [EVENTS_TOPIC], fromBeginning: true });
    const types = new Set(subscription.types);
    await consumer.run({
      // One handler call per fetched batch, so a consumer applies it in one transaction. Offsets are
      // resolved (and then committed) only after the handler returned: a crash in between delivers
      // the batch again.
      eachBatchAutoResolve: false,
      eachBatch: async ({ batch, resolveOffset, heartbeat, commitOffsetsIfNecessary, isRunning, isStale }) => {
        if (!isRunning() || isStale()) return;
        const events: IntegrationEvent[] = [];
        for (const message of batch.messages) {
          const type = message.headers?.['event-type']?.toString();
          if (!type || !types.has(type)) continue;
          try {
            events.push(JSON.parse(message.value?.toString('utf8') ?? '') as IntegrationEvent);
          } catch (error) {
            // A message nobody can read must not stop its partition: log it and move on.
            this.logger.error({ err: error, offset: message.offset, consumer: subscription.consumer }, 'undecodable event skipped');
          }
        }
        if (events.length > 0) await subscription.handler(events, {});
        const last = batch.messages.at(-1);
        if (last) resolveOffset(last.offset);
        await commitOffsetsIfNecessary();
        await heartbeat();
      },
    });
  }

  async publish(events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();
    await this.ensureTopic();
    await producer.send({
      topic: EVENTS_TOPIC,
      acks: -1,
      messages: events.map((event) => ({
        key: event.key,
        value: JSON.stringify(event),
        headers: { 'event-id': event.id, 'event-type': event.type, 'correlation-id': event.correlationId },
      })),
    });
  }

  override async close(): Promise<void> {
    this.closed = true;
    await Promise.all(this.subscriptions.map((s) => s.running?.disconnect()));
    const producer = this.producer;
    this.producer = undefined;
    await producer?.disconnect();
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /** The topic is created explicitly, with the platform's partition count, before first use. */
  private ensureTopic(): Promise<void> {
    // One creation for the consumers' starts and the first publish; a failed one is tried afresh.
    this.topicReady ??= this.createTopic().catch((error: unknown) => {
      this.topicReady = undefined;
      throw error;
    });
    return this.topicReady;
  }

  /**
   * Creates the topic (if it is missing), then waits until every partition has a leader. Waiting is
   * done here rather than by kafkajs's `waitForLeaders`, which gives up at the first "does not host
   * this topic-partition": a broker that has just started can answer so for a topic it has just
   * created, until its metadata catches up. kafkajs throws for a partition in error; such errors
   * (retriable themselves, or kafkajs's own retries of them exhausted) are retried until
   * TOPIC_READY_MS, and the wait ends early if the transport is closed meanwhile.
   */
  private async createTopic(): Promise<void> {
    const admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: false, topics: [{ topic: EVENTS_TOPIC, numPartitions: TOPIC_PARTITIONS }] });
      const deadline = Date.now() + TOPIC_READY_MS;
      for (;;) {
        if (this.closed) throw new Error('The Kafka transport was closed while waiting for its topic');
        try {
          const { topics } = await admin.fetchTopicMetadata({ topics: [EVENTS_TOPIC] });
          const partitions = topics.find((topic) => topic.name === EVENTS_TOPIC)?.partitions ?? [];
          if (partitions.length > 0 && partitions.every((partition) => partition.leader >= 0)) return;
        } catch (error) {
          if (!transientWhileStarting(error) || Date.now() > deadline) throw error;
        }
        if (Date.now() > deadline) throw new Error(`Kafka topic ${EVENTS_TOPIC} has no leader on every partition after ${TOPIC_READY_MS / 1000} s`);
        await sleep(200);
      }
    } finally {
      await admin.disconnect();
    }
  }
}

/**
 * An error worth waiting out while a broker starts: retriable, or kafkajs's retries of a retriable one
 * exhausted (its cause); or the TypeError kafkajs's metadata call throws when no broker answered.
 * Exported for its test.
 */
export function transientWhileStarting(error: unknown): boolean {
  if (error instanceof TypeError) return true;
  if (!(error instanceof KafkaJSError)) return false;
  return error.retriable || (error.cause instanceof KafkaJSError && error.cause.retriable);
}
