import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Db } from './db';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';
import { createOrm, type MigrationSet, migrateSchemas } from './orm';

export interface DatabaseModuleOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  /** The schemas whose pending migrations are applied on start (the hosted services' own). */
  migrate: readonly MigrationSet[];
  batching?: WriteBatcherOptions;
}

/** The ORM (migrated on start), the Db gateway, and the group-commit batcher for client writes. */
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
      ],
      exports: [MikroORM, Db, WriteBatcher],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}
