import { Migration } from '@mikro-orm/migrations';

export class Migration20261122100307_lot_expiry_reminder extends Migration {

  override name = 'Migration20261122100307_lot_expiry_reminder';

  override up(): void | Promise<void> {
    this.addSql(`alter table "ledger_lot" add "reminded_at" timestamptz null;`);
    this.addSql(`create index "ledger_lot_expires_at_index" on "ledger_lot" ("expires_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "ledger_lot_expires_at_index";`);
    this.addSql(`alter table "ledger_lot" drop column "reminded_at";`);
  }

}
