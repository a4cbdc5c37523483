import { type MigrationSet, sourceDirOf } from '../../../database/src/orm';
import { Migration20261122120000_insights_schema } from './Migration20261122120000_insights_schema';
import { Migration20261204120000_report_facts } from './Migration20261204120000_report_facts';
import { Migration20261204140000_profiles_levels_prospects } from './Migration20261204140000_profiles_levels_prospects';
import { Migration20261204150000_coupon_campaigns } from './Migration20261204150000_coupon_campaigns';
import { Migration20261204233000_coupon_returns } from './Migration20261204233000_coupon_returns';
import { Migration20261205090000_tag_facts } from './Migration20261205090000_tag_facts';
import { Migration20261205120000_stores } from './Migration20261205120000_stores';
import { Migration20261205150000_redemption_reversals } from './Migration20261205150000_redemption_reversals';

/** The insights service's schema, migrated on its own (plain SQL, written by hand). */
export const insightsMigrations: MigrationSet = {
  schema: 'insights',
  sourceDir: sourceDirOf('libs/insights/src/migrations'),
  migrations: [
    { name: 'Migration20261122120000_insights_schema', class: Migration20261122120000_insights_schema },
    { name: 'Migration20261204120000_report_facts', class: Migration20261204120000_report_facts },
    { name: 'Migration20261204140000_profiles_levels_prospects', class: Migration20261204140000_profiles_levels_prospects },
    { name: 'Migration20261204150000_coupon_campaigns', class: Migration20261204150000_coupon_campaigns },
    { name: 'Migration20261204233000_coupon_returns', class: Migration20261204233000_coupon_returns },
    { name: 'Migration20261205090000_tag_facts', class: Migration20261205090000_tag_facts },
    { name: 'Migration20261205120000_stores', class: Migration20261205120000_stores },
    { name: 'Migration20261205150000_redemption_reversals', class: Migration20261205150000_redemption_reversals },
  ],
};
