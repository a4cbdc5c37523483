import { Migration } from '@mikro-orm/migrations';
import { MERCHANT_SCOPE, tenantIsolation } from './Migration20261122091538_programme_row_level_security';

export class Migration20261204213653_programme_birthday_points extends Migration {

  override name = 'Migration20261204213653_programme_birthday_points';

  override up(): void | Promise<void> {
    this.addSql(`create table "rule_points_grant" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "rule_id" uuid not null, "member_id" uuid not null, "rule_key" varchar(255) not null, "points" bigint not null, "transfer_id" uuid not null, "granted_at" timestamptz not null, primary key ("id"));`);
    this.addSql(`alter table "rule_points_grant" add constraint "rule_points_grant_rule_id_member_id_rule_key_unique" unique ("rule_id", "member_id", "rule_key");`);
    for (const sql of tenantIsolation('rule_points_grant', MERCHANT_SCOPE)) this.addSql(sql);

    this.addSql(`alter table "coupon_rule" add "points" bigint null;`);
    this.addSql(`alter table "coupon_rule" alter column "template_id" drop not null;`);
    this.addSql(`alter table "coupon_rule" add constraint "coupon_rule_gives_something" check (template_id is not null or points > 0);`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "rule_points_grant" cascade;`);

    this.addSql(`alter table "coupon_rule" drop constraint "coupon_rule_gives_something";`);
    this.addSql(`alter table "coupon_rule" drop column "points";`);
    this.addSql(`alter table "coupon_rule" alter column "template_id" set not null;`);
  }

}
