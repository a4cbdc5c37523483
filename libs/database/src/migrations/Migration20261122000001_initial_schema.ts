import { Migration } from '@mikro-orm/migrations';

export class Migration20261122000001_initial_schema extends Migration {

  override name = 'Migration20261122000001_initial_schema';

  override up(): void | Promise<void> {
    this.addSql(`create table "alliance" ("id" uuid not null, "name" varchar(255) not null, "timezone" varchar(255) not null default 'Asia/Shanghai', "created_at" timestamptz not null default now(), primary key ("id"));`);

    this.addSql(`create table "idempotency_record" ("scope" uuid not null, "key" varchar(255) not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "request_hash" varchar(255) not null, "status" int not null, "response" jsonb not null, "created_at" timestamptz not null default now(), primary key ("scope", "key"));`);

    this.addSql(`create table "inbox_event" ("consumer" varchar(255) not null, "event_id" uuid not null, "processed_at" timestamptz not null default now(), primary key ("consumer", "event_id"));`);

    this.addSql(`create table "ledger_account" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "asset" varchar(255) not null, "code" varchar(255) not null, "owner_type" varchar(255) not null, "owner_id" uuid not null, "debits_must_not_exceed_credits" boolean not null default false, "credits_must_not_exceed_debits" boolean not null default false, "tracks_lots" boolean not null default false, "debits_pending" bigint not null default '0', "debits_posted" bigint not null default '0', "credits_pending" bigint not null default '0', "credits_posted" bigint not null default '0', "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_tenant_id_asset_code_owner_id_unique" unique ("tenant_id", "asset", "code", "owner_id");`);

    this.addSql(`create table "ledger_lot" ("id" uuid not null, "tenant_id" uuid not null, "account_id" uuid not null, "transfer_id" uuid not null, "amount" bigint not null, "remaining" bigint not null, "expires_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "ledger_lot" add constraint "ledger_lot_transfer_id_unique" unique ("transfer_id");`);
    this.addSql(`create index "ledger_lot_account_id_expires_at_index" on "ledger_lot" ("account_id", "expires_at");`);

    this.addSql(`create table "ledger_transfer" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "store_id" uuid null, "member_id" uuid null, "asset" varchar(255) not null, "debit_account_id" uuid not null, "credit_account_id" uuid not null, "amount" bigint not null, "kind" varchar(255) not null, "phase" text not null, "pending_id" uuid null, "pending_status" text null, "reference" varchar(255) null, "occurred_at" timestamptz not null, "correlation_id" varchar(255) null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_pending_id_unique" unique ("pending_id");`);
    this.addSql(`create index "ledger_transfer_debit_account_id_created_at_index" on "ledger_transfer" ("debit_account_id", "created_at");`);
    this.addSql(`create index "ledger_transfer_credit_account_id_created_at_index" on "ledger_transfer" ("credit_account_id", "created_at");`);
    this.addSql(`create index "ledger_transfer_member_id_created_at_index" on "ledger_transfer" ("member_id", "created_at");`);
    this.addSql(`create index "ledger_transfer_tenant_id_created_at_index" on "ledger_transfer" ("tenant_id", "created_at");`);

    this.addSql(`create table "ledger_lot_consumption" ("transfer_id" uuid not null, "lot_id" uuid not null, "tenant_id" uuid not null, "amount" bigint not null, primary key ("transfer_id", "lot_id"));`);
    this.addSql(`create index "ledger_lot_consumption_lot_id_index" on "ledger_lot_consumption" ("lot_id");`);

    this.addSql(`create table "member" ("id" uuid not null, "tenant_id" uuid not null, "phone" varchar(255) not null, "name" varchar(255) null, "gender" text not null default 'unknown', "birthday" date null, "registered_merchant_id" uuid not null, "registered_store_id" uuid null, "registered_at" timestamptz not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "member" add constraint "member_tenant_id_phone_unique" unique ("tenant_id", "phone");`);

    this.addSql(`create table "member_external_ref" ("merchant_id" uuid not null, "external_id" varchar(255) not null, "tenant_id" uuid not null, "member_id" uuid not null, "created_at" timestamptz not null default now(), primary key ("merchant_id", "external_id"));`);
    this.addSql(`create index "member_external_ref_member_id_index" on "member_external_ref" ("member_id");`);

    this.addSql(`create table "merchant" ("id" uuid not null, "tenant_id" uuid not null, "alliance_id" uuid null, "name" varchar(255) not null, "industry" varchar(255) not null, "timezone" varchar(255) not null default 'Asia/Shanghai', "settings" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "merchant_tenant_id_index" on "merchant" ("tenant_id");`);

    this.addSql(`create table "outbox_event" ("id" uuid not null, "tenant_id" uuid not null, "type" varchar(255) not null, "key" varchar(255) not null, "payload" jsonb not null, "headers" jsonb not null, "created_at" timestamptz not null, "published_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "outbox_event_published_at_created_at_index" on "outbox_event" ("published_at", "created_at");`);

    this.addSql(`create table "pos_api_key" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "name" varchar(255) not null, "prefix" varchar(255) not null, "secret_hash" varchar(255) not null, "created_at" timestamptz not null default now(), "revoked_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "pos_api_key_tenant_id_index" on "pos_api_key" ("tenant_id");`);
    this.addSql(`alter table "pos_api_key" add constraint "pos_api_key_prefix_unique" unique ("prefix");`);

    this.addSql(`create table "purchase" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "order_no" varchar(255) not null, "amount_fen" bigint not null, "refunded_fen" bigint not null default '0', "points_earned" bigint not null, "points_reversed" bigint not null default '0', "lines" jsonb null, "earn_transfer_id" uuid null, "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "purchase_member_id_occurred_at_index" on "purchase" ("member_id", "occurred_at");`);
    this.addSql(`create index "purchase_tenant_id_occurred_at_index" on "purchase" ("tenant_id", "occurred_at");`);
    this.addSql(`alter table "purchase" add constraint "purchase_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "purchase_return" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "purchase_id" uuid null, "reference" varchar(255) null, "amount_fen" bigint not null, "points_clawed_back" bigint not null, "points_owed" bigint not null default '0', "occurred_at" timestamptz not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "purchase_return_member_id_occurred_at_index" on "purchase_return" ("member_id", "occurred_at");`);
    this.addSql(`create index "purchase_return_purchase_id_index" on "purchase_return" ("purchase_id");`);

    this.addSql(`create table "staff" ("id" uuid not null, "tenant_id" uuid null, "merchant_id" uuid null, "store_id" uuid null, "email" varchar(255) not null, "name" varchar(255) not null, "password_hash" varchar(255) not null, "role" text not null, "created_at" timestamptz not null default now(), "disabled_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "staff_tenant_id_index" on "staff" ("tenant_id");`);
    this.addSql(`alter table "staff" add constraint "staff_email_unique" unique ("email");`);

    this.addSql(`create table "store" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "kind" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "store_tenant_id_index" on "store" ("tenant_id");`);
    this.addSql(`create index "store_merchant_id_index" on "store" ("merchant_id");`);

    this.addSql(`alter table "ledger_account" add constraint "ledger_account_sums_non_negative" check (debits_pending >= 0 and debits_posted >= 0 and credits_pending >= 0 and credits_posted >= 0);`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_debits_le_credits" check (not debits_must_not_exceed_credits or debits_posted + debits_pending <= credits_posted);`);
    this.addSql(`alter table "ledger_account" add constraint "ledger_account_credits_le_debits" check (not credits_must_not_exceed_debits or credits_posted + credits_pending <= debits_posted);`);

    this.addSql(`alter table "ledger_lot" add constraint "ledger_lot_remaining_in_range" check (remaining >= 0 and remaining <= amount);`);

    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_amount_positive" check (amount > 0);`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_phase_check" check ("phase" in ('single', 'pending', 'post', 'void'));`);
    this.addSql(`alter table "ledger_transfer" add constraint "ledger_transfer_pending_status_check" check ("pending_status" in ('pending', 'posted', 'voided'));`);

    this.addSql(`alter table "ledger_lot_consumption" add constraint "ledger_lot_consumption_amount_positive" check (amount > 0);`);

    this.addSql(`alter table "member" add constraint "member_gender_check" check ("gender" in ('male', 'female', 'unknown'));`);

    this.addSql(`alter table "purchase" add constraint "purchase_refunded_in_range" check (refunded_fen >= 0 and refunded_fen <= amount_fen);`);
    this.addSql(`alter table "purchase" add constraint "purchase_reversed_in_range" check (points_reversed >= 0 and points_reversed <= points_earned);`);

    this.addSql(`alter table "staff" add constraint "staff_role_check" check ("role" in ('PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'));`);

    this.addSql(`alter table "store" add constraint "store_kind_check" check ("kind" in ('direct', 'franchise'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "alliance" cascade;`);
    this.addSql(`drop table if exists "idempotency_record" cascade;`);
    this.addSql(`drop table if exists "inbox_event" cascade;`);
    this.addSql(`drop table if exists "ledger_account" cascade;`);
    this.addSql(`drop table if exists "ledger_lot" cascade;`);
    this.addSql(`drop table if exists "ledger_transfer" cascade;`);
    this.addSql(`drop table if exists "ledger_lot_consumption" cascade;`);
    this.addSql(`drop table if exists "member" cascade;`);
    this.addSql(`drop table if exists "member_external_ref" cascade;`);
    this.addSql(`drop table if exists "merchant" cascade;`);
    this.addSql(`drop table if exists "outbox_event" cascade;`);
    this.addSql(`drop table if exists "pos_api_key" cascade;`);
    this.addSql(`drop table if exists "purchase" cascade;`);
    this.addSql(`drop table if exists "purchase_return" cascade;`);
    this.addSql(`drop table if exists "staff" cascade;`);
    this.addSql(`drop table if exists "store" cascade;`);
  }

}
