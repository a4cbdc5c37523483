import { Migration } from '@mikro-orm/migrations';

export class Migration20261204213933_programme_referral_occasions extends Migration {

  override name = 'Migration20261204213933_programme_referral_occasions';

  override up(): void | Promise<void> {
    // Each programme's one reward moves to the occasion it was given on; so does each referral's time of reward.
    this.addSql(`alter table "referral_program" add "on_registration" jsonb null, add "on_first_purchase" jsonb null;`);
    const reward = `jsonb_build_object('inviterPoints', inviter_points, 'inviteePoints', invitee_points, 'inviterCouponTemplateId', inviter_coupon_template_id, 'inviteeCouponTemplateId', invitee_coupon_template_id)`;
    this.addSql(
      `update "referral_program" set "on_registration" = case when "trigger" = 'REGISTRATION' then ${reward} end, "on_first_purchase" = case when "trigger" = 'FIRST_PURCHASE' then ${reward} end;`,
    );
    this.addSql(`alter table "referral" add "first_purchase_rewarded_at" timestamptz null;`);
    this.addSql(`alter table "referral" rename column "rewarded_at" to "registration_rewarded_at";`);
    this.addSql(
      `update "referral" r set "first_purchase_rewarded_at" = r."registration_rewarded_at", "registration_rewarded_at" = null from "referral_program" p where p."merchant_id" = r."merchant_id" and p."trigger" = 'FIRST_PURCHASE';`,
    );

    this.addSql(`alter table "referral_program" drop constraint "referral_program_rewards_non_negative";`);
    this.addSql(`alter table "referral_program" drop constraint "referral_program_trigger_check";`);
    this.addSql(`alter table "referral_program" drop column "invitee_coupon_template_id", drop column "invitee_points", drop column "inviter_coupon_template_id", drop column "inviter_points", drop column "trigger";`);
    this.addSql(`alter table "referral_program" add constraint "referral_program_rewards_something" check (on_registration is not null or on_first_purchase is not null);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "referral" drop column "first_purchase_rewarded_at";`);
    this.addSql(`alter table "referral" rename column "registration_rewarded_at" to "rewarded_at";`);

    this.addSql(`alter table "referral_program" drop constraint "referral_program_rewards_something";`);
    this.addSql(`alter table "referral_program" drop column "on_registration", drop column "on_first_purchase";`);
    this.addSql(`alter table "referral_program" add "invitee_coupon_template_id" uuid null, add "invitee_points" bigint not null, add "inviter_coupon_template_id" uuid null, add "inviter_points" bigint not null, add "trigger" text not null;`);
    this.addSql(`alter table "referral_program" add constraint "referral_program_rewards_non_negative" check (inviter_points >= 0 and invitee_points >= 0);`);
    this.addSql(`alter table "referral_program" add constraint "referral_program_trigger_check" check ("trigger" in ('REGISTRATION', 'FIRST_PURCHASE'));`);
  }

}
