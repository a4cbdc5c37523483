import { MikroORM, type EntitySchema, type PostgreSqlDriver } from '@mikro-orm/postgresql';
import type { MigrationObject } from '@mikro-orm/core';
import { Migrator } from '@mikro-orm/migrations';
import { Client } from 'pg';
import { resolve } from 'node:path';
import { migrations } from './migrations';
import { LoyaltyPostgreSqlDriver } from './postgres-driver';

/**
 * The migrations of one service's schema. Each service owns a schema and records its own
 * migrations in a table there, so a service deploys (and migrates) without the others.
 */
export interface MigrationSet {
  /** The schema the service owns. */
  schema: string;
  migrations: MigrationObject[];
  /** Where `npm run migration:create` writes new migrations of this set (repository path). */
  sourceDir: string;
}

/** The folder `npm run migration:create` writes to, relative to the repository root. */
export const sourceDirOf = (repoPath: string): string => resolve(__dirname, '../../..', repoPath).replace('/dist/', '/');

/** The loyalty core (members service): tenancy, members, ledger, loyalty, in the public schema. */
export const coreMigrations: MigrationSet = { schema: 'public', migrations, sourceDir: sourceDirOf('libs/database/src/migrations') };

export interface OrmOptions {
  url: string;
  entities: EntitySchema<any, any>[];
  poolMax?: number;
  debug?: boolean;
  /** The set `orm.migrator` works on (default: the core's). */
  migrationSet?: MigrationSet;
}

const migrationsTableOf = (set: MigrationSet) => (set.schema === 'public' ? 'mikro_orm_migrations' : `${set.schema}.mikro_orm_migrations`);

export async function createOrm(options: OrmOptions): Promise<MikroORM> {
  const set = options.migrationSet ?? coreMigrations;
  return MikroORM.init({
    // Typed as the stock driver, so the ORM keeps its PostgreSQL entity manager type.
    driver: LoyaltyPostgreSqlDriver as typeof PostgreSqlDriver,
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
      path: set.sourceDir,
      migrationsList: set.migrations,
      tableName: migrationsTableOf(set),
      snapshotOnMigrate: false,
      snapshotName: 'schema-snapshot',
      emit: 'ts',
      transactional: true,
      allOrNothing: true,
      silent: true,
    },
  });
}

/**
 * Applies the pending migrations of each set, in order. Instances starting together take turns
 * (a session advisory lock), so two never apply one migration twice.
 */
export async function migrateSchemas(url: string, sets: readonly MigrationSet[]): Promise<void> {
  const lock = new Client({ connectionString: url });
  await lock.connect();
  try {
    await lock.query("select pg_advisory_lock(hashtext('loyalty:migrations'))");
    for (const set of sets) {
      const orm = await createOrm({ url, entities: [], poolMax: 1, migrationSet: set });
      try {
        await orm.migrator.up();
      } finally {
        await orm.close();
      }
    }
  } finally {
    await lock.end();
  }
}
