import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Db } from './db';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';
import { createOrm, type MigrationSet, migrateSchemas } from './orm';
import type { LoyaltyPostgreSqlConnection } from './postgres-driver';
import { PLANNER_STATISTICS_INTERVAL_MS, PlannerStatistics } from './table-statistics';

export interface DatabaseModuleOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  /** The schemas whose pending migrations are applied on start (the hosted services' own). */
  migrate: readonly MigrationSet[];
  batching?: WriteBatcherOptions;
}

/** The ORM (migrated on start), the Db gateway, the group-commit batcher for client writes, and the planner statistics of young tables. */
@Global()
@Module({})
export class DatabaseModule implements OnApplicationShutdown {
  constructor(@Inject(MikroORM) private readonly orm: MikroORM) {}

  static forRoot(options: DatabaseModuleOptions): DynamicModule {
    return {
      module: DatabaseModule,
      providers: [
        {
          provide: MikroORM,
          useFactory: async () => {
            await migrateSchemas(options.url, options.migrate);
            return createOrm({ url: options.url, entities: options.entities, poolMax: options.poolMax });
          },
        },
        { provide: Db, useFactory: (orm: MikroORM) => new Db(orm), inject: [MikroORM] },
        { provide: WriteBatcher, useFactory: (db: Db) => new WriteBatcher(db, options.batching ?? { maxBatch: 500, maxInFlight: 1 }), inject: [Db] },
        {
          provide: PlannerStatistics,
          useFactory: (orm: MikroORM, db: Db) =>
            new PlannerStatistics(db, (orm.em.getConnection() as LoyaltyPostgreSqlConnection).tableStatistics, PLANNER_STATISTICS_INTERVAL_MS),
          inject: [MikroORM, Db],
        },
      ],
      exports: [MikroORM, Db, WriteBatcher, PlannerStatistics],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}
