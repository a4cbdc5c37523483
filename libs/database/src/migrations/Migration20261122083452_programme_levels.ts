import { Migration } from '@mikro-orm/migrations';

export class Migration20261122083452_programme_levels extends Migration {

  override name = 'Migration20261122083452_programme_levels';

  override up(): void | Promise<void> {
    this.addSql(`create table "growth_award" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "member_id" uuid not null, "behaviour" text not null, "amount" bigint not null, "reversed" bigint not null default '0', "transfer_id" uuid not null, "purchase_id" uuid null, "reference" varchar(255) null, "local_day" date not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "growth_award_member_id_behaviour_local_day_index" on "growth_award" ("member_id", "behaviour", "local_day");`);
    this.addSql(`create index "growth_award_purchase_id_index" on "growth_award" ("purchase_id");`);

    this.addSql(`create table "level_scheme" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scope_id" uuid not null, "name" varchar(255) not null, "timezone" varchar(255) not null, "validity_months" int null, "levels" jsonb not null, "growth_rules" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "level_scheme" add constraint "level_scheme_tenant_id_scope_id_unique" unique ("tenant_id", "scope_id");`);

    this.addSql(`create table "member_level" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scheme_id" uuid not null, "member_id" uuid not null, "level_code" varchar(255) not null, "since" timestamptz not null, "valid_until" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "member_level_valid_until_index" on "member_level" ("valid_until");`);
    this.addSql(`alter table "member_level" add constraint "member_level_scheme_id_member_id_unique" unique ("scheme_id", "member_id");`);

    this.addSql(`create table "member_level_change" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scheme_id" uuid not null, "member_id" uuid not null, "from_code" varchar(255) null, "to_code" varchar(255) not null, "reason" text not null, "note" text not null, "order_no" varchar(255) null, "actor_id" varchar(255) not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "member_level_change_member_id_occurred_at_index" on "member_level_change" ("member_id", "occurred_at");`);

    this.addSql(`create table "qualifying_spend" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "member_id" uuid not null, "amount_fen" bigint not null, "refunded_fen" bigint not null default '0', "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "qualifying_spend_member_id_occurred_at_index" on "qualifying_spend" ("member_id", "occurred_at");`);

    this.addSql(`alter table "growth_award" add constraint "growth_award_reversed_in_range" check (reversed >= 0 and reversed <= amount);`);
    this.addSql(`alter table "growth_award" add constraint "growth_award_behaviour_check" check ("behaviour" in ('PURCHASE', 'CHECK_IN', 'REVIEW', 'SHARE', 'REGISTRATION'));`);

    this.addSql(`alter table "member_level_change" add constraint "member_level_change_reason_check" check ("reason" in ('UPGRADE', 'DOWNGRADE', 'RETAINED', 'MANUAL'));`);

    this.addSql(`alter table "qualifying_spend" add constraint "qualifying_spend_refunded_in_range" check (refunded_fen >= 0 and refunded_fen <= amount_fen);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "growth_award" cascade;`);
    this.addSql(`drop table if exists "level_scheme" cascade;`);
    this.addSql(`drop table if exists "member_level" cascade;`);
    this.addSql(`drop table if exists "member_level_change" cascade;`);
    this.addSql(`drop table if exists "qualifying_spend" cascade;`);
  }

}
