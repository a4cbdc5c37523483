/**
 * Every Kafka name the platform uses, in one place. A versioned event type is its own topic
 * (`points.earned.v1`), keyed by member id so one member's events keep their order; a consumer's
 * name is its consumer group.
 */
export const KAFKA_CLIENT_ID = 'loyalty-platform';
export const TOPIC_PARTITIONS = 6;

export const topicOf = (eventType: string): string => eventType;
export const consumerGroupOf = (consumer: string): string => `loyalty.${consumer}`;
