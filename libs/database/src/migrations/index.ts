import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000001_initial_schema } from './Migration20261122000001_initial_schema';
import { Migration20261122000002_row_level_security } from './Migration20261122000002_row_level_security';
import { Migration20261122000003_store_scoped_history } from './Migration20261122000003_store_scoped_history';
import { Migration20261122065946_member_phone_optional } from './Migration20261122065946_member_phone_optional';
import { Migration20261122000005_ledger_foreign_keys } from './Migration20261122000005_ledger_foreign_keys';
import { Migration20261122084155_lot_issuer } from './Migration20261122084155_lot_issuer';
import { Migration20261122091537_programme } from './Migration20261122091537_programme';
import { Migration20261122091538_programme_row_level_security } from './Migration20261122091538_programme_row_level_security';
import { Migration20261122091539_programme_qualifying_spend_backfill } from './Migration20261122091539_programme_qualifying_spend_backfill';
import { Migration20261204212902_plugin_host } from './Migration20261204212902_plugin_host';
import { Migration20261204212903_plugin_host_row_level_security } from './Migration20261204212903_plugin_host_row_level_security';
import { Migration20261204213653_programme_birthday_points } from './Migration20261204213653_programme_birthday_points';
import { Migration20261204213911_redemption_holds } from './Migration20261204213911_redemption_holds';
import { Migration20261204213933_programme_referral_occasions } from './Migration20261204213933_programme_referral_occasions';
import { Migration20261204214328_store_daily_sales } from './Migration20261204214328_store_daily_sales';
import { Migration20261204215419_programme_checkout_purchase_index } from './Migration20261204215419_programme_checkout_purchase_index';
import { Migration20261204234215_history_import_jobs } from './Migration20261204234215_history_import_jobs';
import { Migration20261205140434_merchant_earn_rule_history } from './Migration20261205140434_merchant_earn_rule_history';
import { Migration20261205145845_outbox_unpublished_index } from './Migration20261205145845_outbox_unpublished_index';
import { Migration20261206174617_ledger_lot_open_index } from './Migration20261206174617_ledger_lot_open_index';
import { Migration20261207073000_tenant_id_without_statistics } from './Migration20261207073000_tenant_id_without_statistics';

/** Every migration in order. `npm run migration:create -- <name>` appends new ones here. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000001_initial_schema', class: Migration20261122000001_initial_schema },
  { name: 'Migration20261122000002_row_level_security', class: Migration20261122000002_row_level_security },
  { name: 'Migration20261122000003_store_scoped_history', class: Migration20261122000003_store_scoped_history },
  { name: 'Migration20261122065946_member_phone_optional', class: Migration20261122065946_member_phone_optional },
  { name: 'Migration20261122000005_ledger_foreign_keys', class: Migration20261122000005_ledger_foreign_keys },
  { name: 'Migration20261122084155_lot_issuer', class: Migration20261122084155_lot_issuer },
  { name: 'Migration20261122091537_programme', class: Migration20261122091537_programme },
  { name: 'Migration20261122091538_programme_row_level_security', class: Migration20261122091538_programme_row_level_security },
  { name: 'Migration20261122091539_programme_qualifying_spend_backfill', class: Migration20261122091539_programme_qualifying_spend_backfill },
  { name: 'Migration20261204212902_plugin_host', class: Migration20261204212902_plugin_host },
  { name: 'Migration20261204212903_plugin_host_row_level_security', class: Migration20261204212903_plugin_host_row_level_security },
  { name: 'Migration20261204213653_programme_birthday_points', class: Migration20261204213653_programme_birthday_points },
  { name: 'Migration20261204213911_redemption_holds', class: Migration20261204213911_redemption_holds },
  { name: 'Migration20261204213933_programme_referral_occasions', class: Migration20261204213933_programme_referral_occasions },
  { name: 'Migration20261204214328_store_daily_sales', class: Migration20261204214328_store_daily_sales },
  { name: 'Migration20261204215419_programme_checkout_purchase_index', class: Migration20261204215419_programme_checkout_purchase_index },
  { name: 'Migration20261204234215_history_import_jobs', class: Migration20261204234215_history_import_jobs },
  { name: 'Migration20261205140434_merchant_earn_rule_history', class: Migration20261205140434_merchant_earn_rule_history },
  { name: 'Migration20261205145845_outbox_unpublished_index', class: Migration20261205145845_outbox_unpublished_index },
  { name: 'Migration20261206174617_ledger_lot_open_index', class: Migration20261206174617_ledger_lot_open_index },
  { name: 'Migration20261207073000_tenant_id_without_statistics', class: Migration20261207073000_tenant_id_without_statistics },
];
