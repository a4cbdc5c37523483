import { Migration } from '@mikro-orm/migrations';

export class Migration20261122091054_programme_referrals extends Migration {

  override name = 'Migration20261122091054_programme_referrals';

  override up(): void | Promise<void> {
    this.addSql(`create table "referral" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "inviter_member_id" uuid not null, "invitee_member_id" uuid not null, "created_at" timestamptz not null, "rewarded_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "referral_inviter_member_id_index" on "referral" ("inviter_member_id");`);
    this.addSql(`alter table "referral" add constraint "referral_tenant_id_invitee_member_id_unique" unique ("tenant_id", "invitee_member_id");`);

    this.addSql(`create table "referral_code" ("member_id" uuid not null, "tenant_id" uuid not null, "code" varchar(255) not null, "created_at" timestamptz not null default now(), primary key ("member_id"));`);
    this.addSql(`alter table "referral_code" add constraint "referral_code_tenant_id_code_unique" unique ("tenant_id", "code");`);

    this.addSql(`create table "referral_program" ("merchant_id" uuid not null, "tenant_id" uuid not null, "trigger" text not null, "inviter_points" bigint not null, "invitee_points" bigint not null, "inviter_coupon_template_id" uuid null, "invitee_coupon_template_id" uuid null, "window_days" int not null, "updated_at" timestamptz not null default now(), primary key ("merchant_id"));`);

    this.addSql(`alter table "referral" add constraint "referral_not_self" check (inviter_member_id <> invitee_member_id);`);

    this.addSql(`alter table "referral_program" add constraint "referral_program_rewards_non_negative" check (inviter_points >= 0 and invitee_points >= 0);`);
    this.addSql(`alter table "referral_program" add constraint "referral_program_trigger_check" check ("trigger" in ('REGISTRATION', 'FIRST_PURCHASE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "referral" cascade;`);
    this.addSql(`drop table if exists "referral_code" cascade;`);
    this.addSql(`drop table if exists "referral_program" cascade;`);
  }

}
