import { Migration } from '@mikro-orm/migrations';

/**
 * The lots' index by account and expiry covers only lots with points left, which is what every
 * look-up by account asks for: with years of history an account holds mostly spent and expired
 * lots, and the index of all lots made the account lock's test for due lots walk them all. Building
 * it reads the whole table once (writes to it wait meanwhile).
 */
export class Migration20261206174617_ledger_lot_open_index extends Migration {

  override name = 'Migration20261206174617_ledger_lot_open_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "ledger_lot_open" on "ledger_lot" ("account_id", "expires_at") where "remaining" > 0;`);
    this.addSql(`drop index "ledger_lot_account_id_expires_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`create index "ledger_lot_account_id_expires_at_index" on "ledger_lot" ("account_id", "expires_at");`);
    this.addSql(`drop index "ledger_lot_open";`);
  }

}
