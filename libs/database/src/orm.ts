import { MikroORM, type EntitySchema } from '@mikro-orm/postgresql';
import { Migrator } from '@mikro-orm/migrations';
import { resolve } from 'node:path';
import { migrations } from './migrations';

export interface OrmOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  debug?: boolean;
}

/** The folder `npm run migration:create` writes to, relative to the repository root. */
export const MIGRATIONS_SOURCE_DIR = resolve(__dirname, '../../../libs/database/src/migrations').replace('/dist/', '/');

export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  return MikroORM.init({
    clientUrl: options.url,
    entities: options.entities,
    // Migrations alone need no entities (the test setup migrates without loading any context).
    discovery: { warnWhenNoEntities: options.entities.length > 0 },
    extensions: [Migrator],
    // bigint columns hold points and 分; values stay far below 2^53, so plain numbers are exact.
    pool: { min: 0, max: options.poolMax ?? 10 },
    debug: options.debug ?? false,
    allowGlobalContext: false,
    migrations: {
      path: MIGRATIONS_SOURCE_DIR,
      migrationsList: migrations,
      snapshotOnMigrate: false,
      snapshotName: 'schema-snapshot',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}
