import { coreMigrations, type MigrationSet } from '../../database/src/orm';
import { clearingMigrations } from '../../clearing/src/migrations';
import { settlementMigrations } from '../../settlement/src/migrations';
import { insightsMigrations } from '../../insights/src/migrations';
import { notificationsMigrations } from '../../notifications/src/migrations';

/** Every service's schema, as the all-in-one platform migrates them (relative imports: the global setup loads no Nest code). */
export const allMigrations: readonly MigrationSet[] = [coreMigrations, clearingMigrations, settlementMigrations, insightsMigrations, notificationsMigrations];
