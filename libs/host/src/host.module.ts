import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import type { EntitySchema } from '@mikro-orm/postgresql';
import { LoggerModule } from 'nestjs-pino';
import { DatabaseModule, type MigrationSet } from '@loyalty/database';
import { EventsModule, type EventTransport, KafkaTransport } from '@loyalty/events';
import type { AppConfig } from '@loyalty/shared';
import { AUTH_OPTIONS } from '@loyalty/tenancy';
import { formatGraphQLError } from './http/graphql-errors';
import { Metrics } from './ops/metrics';
import { OpsController } from './ops/ops.controller';

export interface HostOptions {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
  /** Replaces the transport the configuration picks (tests inject failures with it). */
  transport?: EventTransport;
  /** Relay only these tenants' events (test platforms sharing a database); default all. */
  relayTenants?: Set<string>;
}

export interface ServiceDefinition {
  /** The schemas this process owns: their migrations run on start. */
  migrations: readonly MigrationSet[];
  /** MikroORM entities of the hosted contexts (raw-SQL contexts bring none). */
  entities: EntitySchema<any, any>[];
  /** The outbox tables of the hosted contexts, for the relay. */
  outboxTables: readonly string[];
  /** The inbox tables of the hosted consumers, for their retention. */
  inboxTables: readonly string[];
}

/**
 * What every service process has, whatever contexts it hosts: JSON logs with correlation ids, CQRS,
 * the database (its schemas migrated), the outbox relay and event transport (in-process, or Kafka
 * when KAFKA_BROKERS is set), GraphQL, staff-token settings, health and metrics.
 */
@Module({})
export class HostModule {
  static forRoot({ config, databaseUrl, jwtSecret, transport, relayTenants }: HostOptions, service: ServiceDefinition): DynamicModule {
    return {
      module: HostModule,
      global: true,
      imports: [
        LoggerModule.forRoot({
          pinoHttp: {
            level: config.LOG_LEVEL,
            customProps: (req) => ({ correlationId: (req as { id?: string }).id }),
            redact: ['req.headers.authorization', 'req.headers["x-api-key"]'],
            autoLogging: config.NODE_ENV !== 'test',
          },
        }),
        CqrsModule.forRoot(),
        DatabaseModule.forRoot({
          url: databaseUrl,
          entities: service.entities,
          migrate: service.migrations,
          poolMax: config.DB_POOL_MAX,
          batching: { maxBatch: config.WRITE_BATCH_MAX, maxInFlight: config.WRITE_BATCH_IN_FLIGHT },
        }),
        EventsModule.forRoot({
          pollMs: config.OUTBOX_POLL_MS,
          transport: transport ?? (config.KAFKA_BROKERS ? new KafkaTransport(config.KAFKA_BROKERS) : undefined),
          outboxTables: service.outboxTables,
          inboxTables: service.inboxTables,
          relayTenants,
          retention: { outboxDays: config.OUTBOX_RETENTION_DAYS, inboxDays: config.INBOX_RETENTION_DAYS },
        }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: config.NODE_ENV === 'development',
          context: (request: unknown) => ({ req: request }),
          errorFormatter: formatGraphQLError,
        }),
      ],
      controllers: [OpsController],
      providers: [Metrics, { provide: AUTH_OPTIONS, useValue: { jwtSecret, jwtTtlSeconds: config.JWT_TTL_SECONDS } }],
      exports: [AUTH_OPTIONS, Metrics],
    };
  }
}
