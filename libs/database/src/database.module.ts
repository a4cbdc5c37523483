import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Db } from './db';
import { WriteBatcher, type WriteBatcherOptions } from './write-batcher';
import { createOrm } from './orm';

export interface DatabaseModuleOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  /** Apply pending migrations on start (the platform does; tools that only read need not). */
  migrate?: boolean;
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
            const orm = await createOrm({ url: options.url, entities: options.entities, poolMax: options.poolMax });
            if (options.migrate ?? true) await orm.migrator.up();
            return orm;
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
