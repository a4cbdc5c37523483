import { Migration } from '@mikro-orm/migrations';

export class Migration20261122084220_programme_stored_value extends Migration {

  override name = 'Migration20261122084220_programme_stored_value';

  override up(): void | Promise<void> {
    this.addSql(`create table "stored_value_bonus_release" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "recharge_id" uuid not null, "member_id" uuid not null, "amount_fen" bigint not null, "due_at" timestamptz not null, "status" text not null, "transfer_id" uuid not null, "released_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "stored_value_bonus_release_status_due_at_index" on "stored_value_bonus_release" ("status", "due_at");`);
    this.addSql(`create index "stored_value_bonus_release_recharge_id_index" on "stored_value_bonus_release" ("recharge_id");`);

    this.addSql(`create table "stored_value_payment" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "order_no" varchar(255) not null, "amount_fen" bigint not null, "principal_fen" bigint not null, "bonus_fen" bigint not null, "refunded_principal_fen" bigint not null default '0', "refunded_bonus_fen" bigint not null default '0', "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "stored_value_payment_member_id_occurred_at_index" on "stored_value_payment" ("member_id", "occurred_at");`);
    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "stored_value_plan" ("merchant_id" uuid not null, "tenant_id" uuid not null, "spend_order" text not null, "bonus_tiers" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("merchant_id"));`);

    this.addSql(`create table "stored_value_recharge" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "order_no" varchar(255) not null, "principal_fen" bigint not null, "bonus_fen" bigint not null, "refunded_principal_fen" bigint not null default '0', "bonus_forfeited_fen" bigint not null default '0', "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "stored_value_recharge_member_id_occurred_at_index" on "stored_value_recharge" ("member_id", "occurred_at");`);
    this.addSql(`alter table "stored_value_recharge" add constraint "stored_value_recharge_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`alter table "stored_value_bonus_release" add constraint "stored_value_bonus_release_status_check" check ("status" in ('SCHEDULED', 'RELEASED', 'CANCELLED'));`);

    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_parts" check (principal_fen + bonus_fen = amount_fen);`);
    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_refunded_principal" check (refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen);`);
    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_refunded_bonus" check (refunded_bonus_fen >= 0 and refunded_bonus_fen <= bonus_fen);`);

    this.addSql(`alter table "stored_value_plan" add constraint "stored_value_plan_spend_order_check" check ("spend_order" in ('PRINCIPAL_FIRST', 'BONUS_FIRST', 'PROPORTIONAL'));`);

    this.addSql(`alter table "stored_value_recharge" add constraint "stored_value_recharge_refund_in_range" check (refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen);`);
    this.addSql(`alter table "stored_value_recharge" add constraint "stored_value_recharge_forfeit_in_range" check (bonus_forfeited_fen >= 0 and bonus_forfeited_fen <= bonus_fen);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "stored_value_bonus_release" cascade;`);
    this.addSql(`drop table if exists "stored_value_payment" cascade;`);
    this.addSql(`drop table if exists "stored_value_plan" cascade;`);
    this.addSql(`drop table if exists "stored_value_recharge" cascade;`);
  }

}
