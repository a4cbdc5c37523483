import { Migration } from '@mikro-orm/migrations';

export class Migration20261122085516_programme_visit_cards extends Migration {

  override name = 'Migration20261122085516_programme_visit_cards';

  override up(): void | Promise<void> {
    this.addSql(`create table "visit_card" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "product_id" uuid not null, "order_no" varchar(255) not null, "service" varchar(255) not null, "uses_total" int null, "uses_left" int null, "price_fen" bigint not null, "stored_value_paid_fen" bigint not null, "sold_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "visit_card_member_id_expires_at_index" on "visit_card" ("member_id", "expires_at");`);
    this.addSql(`alter table "visit_card" add constraint "visit_card_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "visit_card_product" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "service" varchar(255) not null, "uses" int null, "price_fen" bigint not null, "valid_days" int not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "visit_card_product_merchant_id_index" on "visit_card_product" ("merchant_id");`);

    this.addSql(`create table "visit_card_use" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "card_id" uuid not null, "member_id" uuid not null, "uses" int not null, "used_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "visit_card_use_card_id_used_at_index" on "visit_card_use" ("card_id", "used_at");`);

    this.addSql(`alter table "visit_card" add constraint "visit_card_uses_in_range" check (uses_left is null or (uses_left >= 0 and uses_left <= uses_total));`);

    this.addSql(`alter table "visit_card_product" add constraint "visit_card_product_uses_positive" check (uses is null or uses > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "visit_card" cascade;`);
    this.addSql(`drop table if exists "visit_card_product" cascade;`);
    this.addSql(`drop table if exists "visit_card_use" cascade;`);
  }

}
