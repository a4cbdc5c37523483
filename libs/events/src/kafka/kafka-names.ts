/**
 * Every Kafka name the platform uses, in one place. All integration events travel on one topic,
 * keyed by the event's key (the member id for a member's events), so the events of one key keep
 * their order whatever their type; consumers pick types by the `event-type` header. A consumer's
 * name is its consumer group.
 */
export const KAFKA_CLIENT_ID = 'loyalty-platform';
export const EVENTS_TOPIC = 'loyalty.integration-events';
export const TOPIC_PARTITIONS = 6;

export const consumerGroupOf = (consumer: string): string => `loyalty.${consumer}`;
