import { type MigrationSet, sourceDirOf } from '../../../database/src/orm';
import { Migration20261122100000_clearing_schema } from './Migration20261122100000_clearing_schema';
import { Migration20261205140000_redemption_reversals } from './Migration20261205140000_redemption_reversals';

/** The clearing service's schema, migrated on its own (plain SQL, written by hand). */
export const clearingMigrations: MigrationSet = {
  schema: 'clearing',
  sourceDir: sourceDirOf('libs/clearing/src/migrations'),
  migrations: [
    { name: 'Migration20261122100000_clearing_schema', class: Migration20261122100000_clearing_schema },
    { name: 'Migration20261205140000_redemption_reversals', class: Migration20261205140000_redemption_reversals },
  ],
};
