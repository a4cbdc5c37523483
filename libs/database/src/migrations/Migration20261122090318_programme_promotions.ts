import { Migration } from '@mikro-orm/migrations';

export class Migration20261122090318_programme_promotions extends Migration {

  override name = 'Migration20261122090318_programme_promotions';

  override up(): void | Promise<void> {
    this.addSql(`create table "promotion" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "priority" int not null, "exclusive" boolean not null, "starts_at" timestamptz null, "ends_at" timestamptz null, "config" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "promotion_merchant_id_ends_at_index" on "promotion" ("merchant_id", "ends_at");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "promotion" cascade;`);
  }

}
