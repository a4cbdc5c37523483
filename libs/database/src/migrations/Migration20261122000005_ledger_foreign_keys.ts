import { Migration } from '@mikro-orm/migrations';

/**
 * The ledger's references, enforced by the database: a transfer, lot or consumption can never
 * point at an account, transfer or lot that does not exist (code bugs or a stale id fail loudly).
 */
export class Migration20261122000005_ledger_foreign_keys extends Migration {
  override up(): void {
    this.addSql(`alter table ledger_transfer add constraint ledger_transfer_debit_account_fk foreign key (debit_account_id) references ledger_account (id);`);
    this.addSql(`alter table ledger_transfer add constraint ledger_transfer_credit_account_fk foreign key (credit_account_id) references ledger_account (id);`);
    this.addSql(`alter table ledger_transfer add constraint ledger_transfer_pending_fk foreign key (pending_id) references ledger_transfer (id);`);
    this.addSql(`alter table ledger_lot add constraint ledger_lot_account_fk foreign key (account_id) references ledger_account (id);`);
    this.addSql(`alter table ledger_lot add constraint ledger_lot_transfer_fk foreign key (transfer_id) references ledger_transfer (id);`);
    this.addSql(`alter table ledger_lot_consumption add constraint ledger_lot_consumption_lot_fk foreign key (lot_id) references ledger_lot (id);`);
    this.addSql(`alter table ledger_lot_consumption add constraint ledger_lot_consumption_transfer_fk foreign key (transfer_id) references ledger_transfer (id);`);
  }
}
