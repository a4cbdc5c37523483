import { InboxEventSchema, OutboxEventSchema } from './outbox-event.entity';

export const eventEntities = [OutboxEventSchema, InboxEventSchema];
export * from './contracts/integration-event';
export * from './contracts/loyalty-events.v1';
export * from './event-transport';
export * from './in-process-transport';
export * from './outbox';
export * from './outbox-relay';
export * from './inbox';
export * from './events.module';
export * from './kafka/kafka-names';
export { KafkaTransport } from './kafka/kafka-transport';
export * from './contracts/tenancy-events.v1';
export * from './contracts/clearing-events.v1';
export * from './contracts/insights-events.v1';
export * from './contracts/daily-report-csv';
export * from './contracts/notifications-events.v1';
export * from './points-balances';
