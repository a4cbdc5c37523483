import { type MigrationSet, sourceDirOf } from '../../../database/src/orm';
import { Migration20261122130000_notifications_schema } from './Migration20261122130000_notifications_schema';
import { Migration20261204090000_notification_triggers } from './Migration20261204090000_notification_triggers';
import { Migration20261204100000_member_profile_care } from './Migration20261204100000_member_profile_care';
import { Migration20261204110000_anomaly_holds } from './Migration20261204110000_anomaly_holds';
import { Migration20261204130000_alliance_reports } from './Migration20261204130000_alliance_reports';
import { Migration20261205130000_store_reports } from './Migration20261205130000_store_reports';

/** The notifications service's schema, migrated on its own (plain SQL, written by hand). */
export const notificationsMigrations: MigrationSet = {
  schema: 'notifications',
  sourceDir: sourceDirOf('libs/notifications/src/migrations'),
  migrations: [
    { name: 'Migration20261122130000_notifications_schema', class: Migration20261122130000_notifications_schema },
    { name: 'Migration20261204090000_notification_triggers', class: Migration20261204090000_notification_triggers },
    { name: 'Migration20261204100000_member_profile_care', class: Migration20261204100000_member_profile_care },
    { name: 'Migration20261204110000_anomaly_holds', class: Migration20261204110000_anomaly_holds },
    { name: 'Migration20261204130000_alliance_reports', class: Migration20261204130000_alliance_reports },
    { name: 'Migration20261205130000_store_reports', class: Migration20261205130000_store_reports },
  ],
};
