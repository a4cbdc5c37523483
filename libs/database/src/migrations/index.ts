import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261122000001_initial_schema } from './Migration20261122000001_initial_schema';
import { Migration20261122000002_row_level_security } from './Migration20261122000002_row_level_security';
import { Migration20261122000003_store_scoped_history } from './Migration20261122000003_store_scoped_history';
import { Migration20261122065946_member_phone_optional } from './Migration20261122065946_member_phone_optional';
import { Migration20261122000005_ledger_foreign_keys } from './Migration20261122000005_ledger_foreign_keys';
import { Migration20261122083452_programme_levels } from './Migration20261122083452_programme_levels';
import { Migration20261122084220_programme_stored_value } from './Migration20261122084220_programme_stored_value';
import { Migration20261122084604_programme_coupons } from './Migration20261122084604_programme_coupons';
import { Migration20261122085048_programme_checkout } from './Migration20261122085048_programme_checkout';
import { Migration20261122085516_programme_visit_cards } from './Migration20261122085516_programme_visit_cards';
import { Migration20261122085843_programme_coupon_rules } from './Migration20261122085843_programme_coupon_rules';
import { Migration20261122090318_programme_promotions } from './Migration20261122090318_programme_promotions';
import { Migration20261122090705_programme_cards } from './Migration20261122090705_programme_cards';
import { Migration20261122091054_programme_referrals } from './Migration20261122091054_programme_referrals';
import { Migration20261122091055_programme_row_level_security } from './Migration20261122091055_programme_row_level_security';

/** Every migration in order. `npm run migration:create -- <name>` appends new ones here. */
export const migrations: MigrationObject[] = [
  { name: 'Migration20261122000001_initial_schema', class: Migration20261122000001_initial_schema },
  { name: 'Migration20261122000002_row_level_security', class: Migration20261122000002_row_level_security },
  { name: 'Migration20261122000003_store_scoped_history', class: Migration20261122000003_store_scoped_history },
  { name: 'Migration20261122065946_member_phone_optional', class: Migration20261122065946_member_phone_optional },
  { name: 'Migration20261122000005_ledger_foreign_keys', class: Migration20261122000005_ledger_foreign_keys },
  { name: 'Migration20261122083452_programme_levels', class: Migration20261122083452_programme_levels },
  { name: 'Migration20261122084220_programme_stored_value', class: Migration20261122084220_programme_stored_value },
  { name: 'Migration20261122084604_programme_coupons', class: Migration20261122084604_programme_coupons },
  { name: 'Migration20261122085048_programme_checkout', class: Migration20261122085048_programme_checkout },
  { name: 'Migration20261122085516_programme_visit_cards', class: Migration20261122085516_programme_visit_cards },
  { name: 'Migration20261122085843_programme_coupon_rules', class: Migration20261122085843_programme_coupon_rules },
  { name: 'Migration20261122090318_programme_promotions', class: Migration20261122090318_programme_promotions },
  { name: 'Migration20261122090705_programme_cards', class: Migration20261122090705_programme_cards },
  { name: 'Migration20261122091054_programme_referrals', class: Migration20261122091054_programme_referrals },
  { name: 'Migration20261122091055_programme_row_level_security', class: Migration20261122091055_programme_row_level_security },
];
