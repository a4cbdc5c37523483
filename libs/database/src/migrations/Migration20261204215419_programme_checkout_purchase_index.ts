import { Migration } from '@mikro-orm/migrations';

export class Migration20261204215419_programme_checkout_purchase_index extends Migration {

  override name = 'Migration20261204215419_programme_checkout_purchase_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "checkout_quote_purchase_id_index" on "checkout_quote" ("purchase_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "checkout_quote_purchase_id_index";`);
  }

}
