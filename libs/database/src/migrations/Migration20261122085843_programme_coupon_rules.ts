import { Migration } from '@mikro-orm/migrations';

export class Migration20261122085843_programme_coupon_rules extends Migration {

  override name = 'Migration20261122085843_programme_coupon_rules';

  override up(): void | Promise<void> {
    this.addSql(`create table "coupon_rule" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "trigger" text not null, "template_id" uuid not null, "level_code" varchar(255) null, "inactive_days" int null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "coupon_rule_merchant_id_trigger_index" on "coupon_rule" ("merchant_id", "trigger");`);

    this.addSql(`alter table "coupon" add "rule_id" uuid null, add "rule_key" varchar(255) null;`);
    this.addSql(`alter table "coupon" add constraint "coupon_rule_id_member_id_rule_key_unique" unique ("rule_id", "member_id", "rule_key");`);

    this.addSql(`alter table "coupon_rule" add constraint "coupon_rule_trigger_check" check ("trigger" in ('NEW_MEMBER', 'BIRTHDAY', 'REACTIVATION', 'LEVEL_REACHED'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "coupon_rule" cascade;`);

    this.addSql(`alter table "coupon" drop constraint "coupon_rule_id_member_id_rule_key_unique";`);
    this.addSql(`alter table "coupon" drop column "rule_id", drop column "rule_key";`);
  }

}
