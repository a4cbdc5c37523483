import { Migration } from '@mikro-orm/migrations';

export class Migration20261122090705_programme_cards extends Migration {

  override name = 'Migration20261122090705_programme_cards';

  override up(): void | Promise<void> {
    this.addSql(`create table "card_purchase" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_card_id" uuid not null, "member_id" uuid not null, "order_no" varchar(255) not null, "price_fen" bigint not null, "stored_value_paid_fen" bigint not null, "period_start" timestamptz not null, "period_end" timestamptz not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "card_purchase" add constraint "card_purchase_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "card_type" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "kind" text not null, "price_fen" bigint null, "period_months" int null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "card_type_merchant_id_index" on "card_type" ("merchant_id");`);

    this.addSql(`create table "member_card" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "card_type_id" uuid not null, "member_id" uuid not null, "kind" text not null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "cancelled_at" timestamptz null, "issued_by" varchar(255) not null, "issue_reason" varchar(255) not null, primary key ("id"));`);
    this.addSql(`create index "member_card_member_id_index" on "member_card" ("member_id");`);
    this.addSql(`alter table "member_card" add constraint "member_card_card_type_id_member_id_unique" unique ("card_type_id", "member_id");`);

    this.addSql(`alter table "card_type" add constraint "card_type_paid_terms" check ((kind = 'PAID') = (price_fen is not null and period_months is not null));`);
    this.addSql(`alter table "card_type" add constraint "card_type_kind_check" check ("kind" in ('FREE', 'PAID', 'LEVEL', 'INTERNAL'));`);

    this.addSql(`alter table "member_card" add constraint "member_card_kind_check" check ("kind" in ('FREE', 'PAID', 'LEVEL', 'INTERNAL'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "card_purchase" cascade;`);
    this.addSql(`drop table if exists "card_type" cascade;`);
    this.addSql(`drop table if exists "member_card" cascade;`);
  }

}
