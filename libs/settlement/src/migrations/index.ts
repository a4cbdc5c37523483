import { type MigrationSet, sourceDirOf } from '../../../database/src/orm';
import { Migration20261122110000_settlement_schema } from './Migration20261122110000_settlement_schema';

/** The settlement service's schema, migrated on its own (plain SQL, written by hand). */
export const settlementMigrations: MigrationSet = {
  schema: 'settlement',
  sourceDir: sourceDirOf('libs/settlement/src/migrations'),
  migrations: [{ name: 'Migration20261122110000_settlement_schema', class: Migration20261122110000_settlement_schema }],
};
