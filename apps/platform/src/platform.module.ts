import { type DynamicModule, Module } from '@nestjs/common';
import { CqrsModule } from '@nestjs/cqrs';
import { GraphQLModule } from '@nestjs/graphql';
import { MercuriusDriver, type MercuriusDriverConfig } from '@nestjs/mercurius';
import { LoggerModule } from 'nestjs-pino';
import { DatabaseModule } from '@loyalty/database';
import { EventsModule, KafkaTransport } from '@loyalty/events';
import { LedgerModule } from '@loyalty/ledger';
import { LoyaltyModule, POINTS_EXPIRY_INTERVAL_MS } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { ProgrammeModule } from '@loyalty/programme';
import { type AppConfig } from '@loyalty/shared';
import { AUTH_OPTIONS, TenancyModule } from '@loyalty/tenancy';
import { platformEntities } from './entities';
import { formatGraphQLError } from './http/graphql-errors';
import { Metrics } from './ops/metrics';
import { OpsController } from './ops/ops.controller';

export interface PlatformOptions {
  config: AppConfig;
  databaseUrl: string;
  jwtSecret: string;
}

/** The all-in-one platform: every context of the loyalty core in one process. */
@Module({})
export class PlatformModule {
  static forRoot({ config, databaseUrl, jwtSecret }: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
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
          entities: platformEntities,
          poolMax: config.DB_POOL_MAX,
          batching: { maxBatch: config.WRITE_BATCH_MAX, maxInFlight: config.WRITE_BATCH_IN_FLIGHT },
        }),
        EventsModule.forRoot({ pollMs: config.OUTBOX_POLL_MS, transport: config.KAFKA_BROKERS ? new KafkaTransport(config.KAFKA_BROKERS) : undefined }),
        GraphQLModule.forRoot<MercuriusDriverConfig>({
          driver: MercuriusDriver,
          path: '/graphql',
          autoSchemaFile: true,
          sortSchema: true,
          graphiql: config.NODE_ENV === 'development',
          context: (request: unknown) => ({ req: request }),
          errorFormatter: formatGraphQLError,
        }),
        TenancyModule,
        LedgerModule,
        MembersModule,
        LoyaltyModule,
        ProgrammeModule,
      ],
      controllers: [OpsController],
      providers: [
        Metrics,
        { provide: AUTH_OPTIONS, useValue: { jwtSecret, jwtTtlSeconds: config.JWT_TTL_SECONDS } },
        { provide: POINTS_EXPIRY_INTERVAL_MS, useValue: config.EXPIRY_SWEEP_MS },
      ],
      exports: [AUTH_OPTIONS, POINTS_EXPIRY_INTERVAL_MS, Metrics],
    };
  }
}
