import { Migration } from '@mikro-orm/migrations';

/** Stores' daily totals (日结) as their tills report them; a store clerk sees their own store's. */
export class Migration20261204214328_store_daily_sales extends Migration {

  override name = 'Migration20261204214328_store_daily_sales';

  override up(): void | Promise<void> {
    this.addSql(`create table "store_daily_sales" ("store_id" uuid not null, "day" date not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "sales_fen" bigint not null, "orders" int not null, "reported_at" timestamptz not null, primary key ("store_id", "day"));`);

    const scope = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id()) and (app_store_id() is null or store_id = app_store_id())';
    this.addSql(`alter table "store_daily_sales" enable row level security;`);
    this.addSql(`create policy tenant_isolation on "store_daily_sales" to loyalty_tenant using (${scope}) with check (${scope});`);
    this.addSql(`alter table "store_daily_sales" add constraint "store_daily_sales_non_negative" check (sales_fen >= 0 and orders >= 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "store_daily_sales" cascade;`);
  }

}
