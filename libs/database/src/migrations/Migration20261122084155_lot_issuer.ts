import { Migration } from '@mikro-orm/migrations';

/** Lots remember who issued them, so an expiry can say whose points expired (clearing values breakage by it). */
export class Migration20261122084155_lot_issuer extends Migration {

  override name = 'Migration20261122084155_lot_issuer';

  override up(): void | Promise<void> {
    this.addSql(`alter table "ledger_lot" add "issuer_merchant_id" uuid null, add "issuer_store_id" uuid null;`);
    // Lots from before: their issuer is the merchant and store of the transfer that credited them.
    this.addSql(`update "ledger_lot" l set "issuer_merchant_id" = t."merchant_id", "issuer_store_id" = t."store_id" from "ledger_transfer" t where t."id" = l."transfer_id";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "ledger_lot" drop column "issuer_merchant_id", drop column "issuer_store_id";`);
  }

}
