import { Logger } from '@nestjs/common';
import { type Admin, type Consumer, Kafka, logLevel, Partitioners, type Producer } from 'kafkajs';
import type { IntegrationEvent } from '../contracts/integration-event';
import { EventTransport, type EventHandler } from '../event-transport';
import { consumerGroupOf, KAFKA_CLIENT_ID, TOPIC_PARTITIONS, topicOf } from './kafka-names';

interface Subscription {
  consumer: string;
  types: readonly string[];
  handler: EventHandler;
  running?: Consumer;
}

/**
 * The event port over Kafka. `publish` resolves once every broker replica acknowledged the batch
 * (acks = all, idempotent producer), so the outbox relay marks events sent only then. Consumers
 * commit an offset only after their handler returned: a crash in between redelivers the event,
 * which the consumer's inbox then ignores.
 */
export class KafkaTransport extends EventTransport {
  private readonly logger = new Logger(KafkaTransport.name);
  private readonly kafka: Kafka;
  private readonly subscriptions: Subscription[] = [];
  private producer?: Producer;
  private readonly knownTopics = new Set<string>();

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

  subscribe(consumer: string, types: readonly string[], handler: EventHandler): void {
    this.subscriptions.push({ consumer, types, handler });
  }

  /** Creates the topics and starts the consumers registered so far. */
  override async start(): Promise<void> {
    await this.ensureTopics(this.subscriptions.flatMap((s) => s.types.map(topicOf)));
    for (const subscription of this.subscriptions) {
      if (subscription.running) continue;
      const consumer = this.kafka.consumer({ groupId: consumerGroupOf(subscription.consumer) });
      await consumer.connect();
      await consumer.subscribe({ topics: subscription.types.map(topicOf), fromBeginning: true });
      await consumer.run({
        eachMessage: async ({ message }) => {
          const event = JSON.parse(message.value!.toString('utf8')) as IntegrationEvent;
          await subscription.handler(event);
        },
      });
      subscription.running = consumer;
    }
  }

  async publish(events: IntegrationEvent[]): Promise<void> {
    if (events.length === 0) return;
    const producer = await this.connectedProducer();
    const byTopic = new Map<string, IntegrationEvent[]>();
    for (const event of events) byTopic.set(topicOf(event.type), [...(byTopic.get(topicOf(event.type)) ?? []), event]);
    await this.ensureTopics([...byTopic.keys()]);
    await producer.sendBatch({
      acks: -1,
      topicMessages: [...byTopic].map(([topic, batch]) => ({
        topic,
        messages: batch.map((event) => ({
          key: event.key,
          value: JSON.stringify(event),
          headers: { 'event-id': event.id, 'event-type': event.type, 'correlation-id': event.correlationId },
        })),
      })),
    });
  }

  override async close(): Promise<void> {
    await Promise.all(this.subscriptions.map((s) => s.running?.disconnect()));
    await this.producer?.disconnect();
  }

  private async connectedProducer(): Promise<Producer> {
    if (!this.producer) {
      const producer = this.kafka.producer({ idempotent: true, maxInFlightRequests: 1, createPartitioner: Partitioners.DefaultPartitioner });
      await producer.connect();
      this.producer = producer;
    }
    return this.producer;
  }

  /** Topics are created explicitly, with the platform's partition count, before first use. */
  private async ensureTopics(topics: string[]): Promise<void> {
    const missing = [...new Set(topics)].filter((topic) => !this.knownTopics.has(topic));
    if (missing.length === 0) return;
    const admin: Admin = this.kafka.admin();
    await admin.connect();
    try {
      await admin.createTopics({ waitForLeaders: true, topics: missing.map((topic) => ({ topic, numPartitions: TOPIC_PARTITIONS })) });
      for (const topic of missing) this.knownTopics.add(topic);
    } finally {
      await admin.disconnect();
    }
  }
}
