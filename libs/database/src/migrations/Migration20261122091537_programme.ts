import { Migration } from '@mikro-orm/migrations';

export class Migration20261122091537_programme extends Migration {

  override name = 'Migration20261122091537_programme';

  override up(): void | Promise<void> {
    this.addSql(`create table "card_purchase" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_card_id" uuid not null, "member_id" uuid not null, "order_no" varchar(255) not null, "price_fen" bigint not null, "stored_value_paid_fen" bigint not null, "period_start" timestamptz not null, "period_end" timestamptz not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "card_purchase" add constraint "card_purchase_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "card_type" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "kind" text not null, "price_fen" bigint null, "period_months" int null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "card_type_merchant_id_index" on "card_type" ("merchant_id");`);

    this.addSql(`create table "checkout_policy" ("merchant_id" uuid not null, "tenant_id" uuid not null, "points_per_yuan" int not null, "max_points_share_permille" int not null, "quote_validity_seconds" int not null, "updated_at" timestamptz not null default now(), primary key ("merchant_id"));`);

    this.addSql(`create table "checkout_quote" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "request" jsonb not null, "result" jsonb not null, "status" text not null, "expires_at" timestamptz not null, "order_no" varchar(255) null, "purchase_id" uuid null, "committed_at" timestamptz null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "checkout_quote_member_id_created_at_index" on "checkout_quote" ("member_id", "created_at");`);

    this.addSql(`create table "coupon" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "template_id" uuid not null, "member_id" uuid not null, "status" text not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "issued_at" timestamptz not null, "issued_by" varchar(255) not null, "issue_reason" varchar(255) not null, "rule_id" uuid null, "rule_key" varchar(255) null, "used_at" timestamptz null, "used_store_id" uuid null, "used_order_no" varchar(255) null, "discount_fen" bigint null, "revoked_at" timestamptz null, "revoke_reason" varchar(255) null, primary key ("id"));`);
    this.addSql(`create index "coupon_member_id_status_index" on "coupon" ("member_id", "status");`);
    this.addSql(`create index "coupon_template_id_member_id_index" on "coupon" ("template_id", "member_id");`);
    this.addSql(`create index "coupon_status_valid_until_index" on "coupon" ("status", "valid_until");`);
    this.addSql(`alter table "coupon" add constraint "coupon_rule_id_member_id_rule_key_unique" unique ("rule_id", "member_id", "rule_key");`);

    this.addSql(`create table "coupon_rule" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "trigger" text not null, "template_id" uuid not null, "level_code" varchar(255) null, "inactive_days" int null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "coupon_rule_merchant_id_trigger_index" on "coupon_rule" ("merchant_id", "trigger");`);

    this.addSql(`create table "coupon_template" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "kind" text not null, "threshold_fen" bigint not null, "amount_off_fen" bigint null, "discount_permille" int null, "max_discount_fen" bigint null, "gift_name" varchar(255) null, "valid_from" timestamptz null, "valid_until" timestamptz null, "valid_days" int null, "per_member_limit" int null, "total_limit" int null, "issued_count" int not null default 0, "stacking" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "coupon_template_merchant_id_index" on "coupon_template" ("merchant_id");`);

    this.addSql(`create table "growth_award" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "member_id" uuid not null, "behaviour" text not null, "amount" bigint not null, "reversed" bigint not null default '0', "transfer_id" uuid not null, "purchase_id" uuid null, "reference" varchar(255) null, "local_day" date not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "growth_award_member_id_behaviour_local_day_index" on "growth_award" ("member_id", "behaviour", "local_day");`);
    this.addSql(`create index "growth_award_purchase_id_index" on "growth_award" ("purchase_id");`);

    this.addSql(`create table "level_scheme" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scope_id" uuid not null, "name" varchar(255) not null, "timezone" varchar(255) not null, "validity_months" int null, "levels" jsonb not null, "growth_rules" jsonb not null, "updated_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "level_scheme" add constraint "level_scheme_tenant_id_scope_id_unique" unique ("tenant_id", "scope_id");`);

    this.addSql(`create table "member_card" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "card_type_id" uuid not null, "member_id" uuid not null, "kind" text not null, "starts_at" timestamptz not null, "ends_at" timestamptz null, "cancelled_at" timestamptz null, "issued_by" varchar(255) not null, "issue_reason" varchar(255) not null, primary key ("id"));`);
    this.addSql(`create index "member_card_member_id_index" on "member_card" ("member_id");`);
    this.addSql(`alter table "member_card" add constraint "member_card_card_type_id_member_id_unique" unique ("card_type_id", "member_id");`);

    this.addSql(`create table "member_level" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scheme_id" uuid not null, "member_id" uuid not null, "level_code" varchar(255) not null, "since" timestamptz not null, "valid_until" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "member_level_valid_until_index" on "member_level" ("valid_until");`);
    this.addSql(`alter table "member_level" add constraint "member_level_scheme_id_member_id_unique" unique ("scheme_id", "member_id");`);

    this.addSql(`create table "member_level_change" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid null, "scheme_id" uuid not null, "member_id" uuid not null, "from_code" varchar(255) null, "to_code" varchar(255) not null, "reason" text not null, "note" text not null, "order_no" varchar(255) null, "actor_id" varchar(255) not null, "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "member_level_change_member_id_occurred_at_index" on "member_level_change" ("member_id", "occurred_at");`);

    this.addSql(`create table "promotion" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "priority" int not null, "exclusive" boolean not null, "starts_at" timestamptz null, "ends_at" timestamptz null, "config" jsonb not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "promotion_merchant_id_ends_at_index" on "promotion" ("merchant_id", "ends_at");`);

    this.addSql(`create table "qualifying_spend" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "member_id" uuid not null, "amount_fen" bigint not null, "refunded_fen" bigint not null default '0', "occurred_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "qualifying_spend_member_id_occurred_at_index" on "qualifying_spend" ("member_id", "occurred_at");`);

    this.addSql(`create table "referral" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "inviter_member_id" uuid not null, "invitee_member_id" uuid not null, "created_at" timestamptz not null, "rewarded_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "referral_inviter_member_id_index" on "referral" ("inviter_member_id");`);
    this.addSql(`alter table "referral" add constraint "referral_tenant_id_invitee_member_id_unique" unique ("tenant_id", "invitee_member_id");`);

    this.addSql(`create table "referral_code" ("member_id" uuid not null, "tenant_id" uuid not null, "code" varchar(255) not null, "created_at" timestamptz not null default now(), primary key ("member_id"));`);
    this.addSql(`alter table "referral_code" add constraint "referral_code_tenant_id_code_unique" unique ("tenant_id", "code");`);

    this.addSql(`create table "referral_program" ("merchant_id" uuid not null, "tenant_id" uuid not null, "trigger" text not null, "inviter_points" bigint not null, "invitee_points" bigint not null, "inviter_coupon_template_id" uuid null, "invitee_coupon_template_id" uuid null, "window_days" int not null, "updated_at" timestamptz not null default now(), primary key ("merchant_id"));`);

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

    this.addSql(`create table "visit_card" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "member_id" uuid not null, "product_id" uuid not null, "order_no" varchar(255) not null, "service" varchar(255) not null, "uses_total" int null, "uses_left" int null, "price_fen" bigint not null, "stored_value_paid_fen" bigint not null, "sold_at" timestamptz not null, "expires_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "visit_card_member_id_expires_at_index" on "visit_card" ("member_id", "expires_at");`);
    this.addSql(`alter table "visit_card" add constraint "visit_card_store_id_order_no_unique" unique ("store_id", "order_no");`);

    this.addSql(`create table "visit_card_product" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "service" varchar(255) not null, "uses" int null, "price_fen" bigint not null, "valid_days" int not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "visit_card_product_merchant_id_index" on "visit_card_product" ("merchant_id");`);

    this.addSql(`create table "visit_card_use" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "card_id" uuid not null, "member_id" uuid not null, "uses" int not null, "used_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`create index "visit_card_use_card_id_used_at_index" on "visit_card_use" ("card_id", "used_at");`);

    this.addSql(`alter table "card_type" add constraint "card_type_paid_terms" check ((kind = 'PAID') = (price_fen is not null and period_months is not null));`);
    this.addSql(`alter table "card_type" add constraint "card_type_kind_check" check ("kind" in ('FREE', 'PAID', 'LEVEL', 'INTERNAL'));`);

    this.addSql(`alter table "checkout_quote" add constraint "checkout_quote_status_check" check ("status" in ('OPEN', 'COMMITTED'));`);

    this.addSql(`alter table "coupon" add constraint "coupon_used_has_order" check (status <> 'USED' or (used_at is not null and used_order_no is not null));`);
    this.addSql(`alter table "coupon" add constraint "coupon_status_check" check ("status" in ('ISSUED', 'USED', 'EXPIRED', 'REVOKED'));`);

    this.addSql(`alter table "coupon_rule" add constraint "coupon_rule_trigger_check" check ("trigger" in ('NEW_MEMBER', 'BIRTHDAY', 'REACTIVATION', 'LEVEL_REACHED'));`);

    this.addSql(`alter table "coupon_template" add constraint "coupon_template_issued_within_limit" check (total_limit is null or issued_count <= total_limit);`);
    this.addSql(`alter table "coupon_template" add constraint "coupon_template_kind_check" check ("kind" in ('FIXED', 'PERCENTAGE', 'GIFT'));`);
    this.addSql(`alter table "coupon_template" add constraint "coupon_template_stacking_check" check ("stacking" in ('EXCLUSIVE', 'STACKABLE'));`);

    this.addSql(`alter table "growth_award" add constraint "growth_award_reversed_in_range" check (reversed >= 0 and reversed <= amount);`);
    this.addSql(`alter table "growth_award" add constraint "growth_award_behaviour_check" check ("behaviour" in ('PURCHASE', 'CHECK_IN', 'REVIEW', 'SHARE', 'REGISTRATION'));`);

    this.addSql(`alter table "member_card" add constraint "member_card_kind_check" check ("kind" in ('FREE', 'PAID', 'LEVEL', 'INTERNAL'));`);

    this.addSql(`alter table "member_level_change" add constraint "member_level_change_reason_check" check ("reason" in ('UPGRADE', 'DOWNGRADE', 'RETAINED', 'MANUAL'));`);

    this.addSql(`alter table "qualifying_spend" add constraint "qualifying_spend_refunded_in_range" check (refunded_fen >= 0 and refunded_fen <= amount_fen);`);

    this.addSql(`alter table "referral" add constraint "referral_not_self" check (inviter_member_id <> invitee_member_id);`);

    this.addSql(`alter table "referral_program" add constraint "referral_program_rewards_non_negative" check (inviter_points >= 0 and invitee_points >= 0);`);
    this.addSql(`alter table "referral_program" add constraint "referral_program_trigger_check" check ("trigger" in ('REGISTRATION', 'FIRST_PURCHASE'));`);

    this.addSql(`alter table "stored_value_bonus_release" add constraint "stored_value_bonus_release_status_check" check ("status" in ('SCHEDULED', 'RELEASED', 'CANCELLED'));`);

    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_parts" check (principal_fen + bonus_fen = amount_fen);`);
    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_refunded_principal" check (refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen);`);
    this.addSql(`alter table "stored_value_payment" add constraint "stored_value_payment_refunded_bonus" check (refunded_bonus_fen >= 0 and refunded_bonus_fen <= bonus_fen);`);

    this.addSql(`alter table "stored_value_plan" add constraint "stored_value_plan_spend_order_check" check ("spend_order" in ('PRINCIPAL_FIRST', 'BONUS_FIRST', 'PROPORTIONAL'));`);

    this.addSql(`alter table "stored_value_recharge" add constraint "stored_value_recharge_refund_in_range" check (refunded_principal_fen >= 0 and refunded_principal_fen <= principal_fen);`);
    this.addSql(`alter table "stored_value_recharge" add constraint "stored_value_recharge_forfeit_in_range" check (bonus_forfeited_fen >= 0 and bonus_forfeited_fen <= bonus_fen);`);

    this.addSql(`alter table "visit_card" add constraint "visit_card_uses_in_range" check (uses_left is null or (uses_left >= 0 and uses_left <= uses_total));`);

    this.addSql(`alter table "visit_card_product" add constraint "visit_card_product_uses_positive" check (uses is null or uses > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "card_purchase" cascade;`);
    this.addSql(`drop table if exists "card_type" cascade;`);
    this.addSql(`drop table if exists "checkout_policy" cascade;`);
    this.addSql(`drop table if exists "checkout_quote" cascade;`);
    this.addSql(`drop table if exists "coupon" cascade;`);
    this.addSql(`drop table if exists "coupon_rule" cascade;`);
    this.addSql(`drop table if exists "coupon_template" cascade;`);
    this.addSql(`drop table if exists "growth_award" cascade;`);
    this.addSql(`drop table if exists "level_scheme" cascade;`);
    this.addSql(`drop table if exists "member_card" cascade;`);
    this.addSql(`drop table if exists "member_level" cascade;`);
    this.addSql(`drop table if exists "member_level_change" cascade;`);
    this.addSql(`drop table if exists "promotion" cascade;`);
    this.addSql(`drop table if exists "qualifying_spend" cascade;`);
    this.addSql(`drop table if exists "referral" cascade;`);
    this.addSql(`drop table if exists "referral_code" cascade;`);
    this.addSql(`drop table if exists "referral_program" cascade;`);
    this.addSql(`drop table if exists "stored_value_bonus_release" cascade;`);
    this.addSql(`drop table if exists "stored_value_payment" cascade;`);
    this.addSql(`drop table if exists "stored_value_plan" cascade;`);
    this.addSql(`drop table if exists "stored_value_recharge" cascade;`);
    this.addSql(`drop table if exists "visit_card" cascade;`);
    this.addSql(`drop table if exists "visit_card_product" cascade;`);
    this.addSql(`drop table if exists "visit_card_use" cascade;`);
  }

}
