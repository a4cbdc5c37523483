import { type DynamicModule, Global, Inject, Module, type OnApplicationShutdown } from '@nestjs/common';
import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Db } from './db';
import { IdempotentWrites } from './idempotent-writes';
import { createOrm } from './orm';

export interface DatabaseModuleOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  /** Apply pending migrations on start (the platform does; tools that only read need not). */
  migrate?: boolean;
}

/** The ORM (migrated on start), the Db gateway, and idempotent client writes, for every context. */
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
        { provide: IdempotentWrites, useFactory: (db: Db) => new IdempotentWrites(db), inject: [Db] },
      ],
      exports: [MikroORM, Db, IdempotentWrites],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.orm.close();
  }
}
