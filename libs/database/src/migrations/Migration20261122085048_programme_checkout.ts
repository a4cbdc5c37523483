import { Migration } from '@mikro-orm/migrations';

export class Migration20261122085048_programme_checkout extends Migration {

  override name = 'Migration20261122085048_programme_checkout';

  override up(): void | Promise<void> {
    this.addSql(`create table "checkout_policy" ("merchant_id" uuid not null, "tenant_id" uuid not null, "points_per_yuan" int not null, "max_points_share_permille" int not null, "quote_validity_seconds" int not null, "updated_at" timestamptz not null default now(), primary key ("merchant_id"));`);

    this.addSql(`create table "checkout_quote" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "request" jsonb not null, "result" jsonb not null, "status" text not null, "expires_at" timestamptz not null, "order_no" varchar(255) null, "purchase_id" uuid null, "committed_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "checkout_quote_member_id_created_at_index" on "checkout_quote" ("member_id", "created_at");`);

    this.addSql(`alter table "checkout_quote" add constraint "checkout_quote_status_check" check ("status" in ('OPEN', 'COMMITTED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "checkout_policy" cascade;`);
    this.addSql(`drop table if exists "checkout_quote" cascade;`);
  }

}
