import { Migration } from '@mikro-orm/migrations';

export class Migration20261122084604_programme_coupons extends Migration {

  override name = 'Migration20261122084604_programme_coupons';

  override up(): void | Promise<void> {
    this.addSql(`create table "coupon" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "template_id" uuid not null, "member_id" uuid not null, "status" text not null, "valid_from" timestamptz not null, "valid_until" timestamptz not null, "issued_at" timestamptz not null, "issued_by" varchar(255) not null, "issue_reason" varchar(255) not null, "used_at" timestamptz null, "used_store_id" uuid null, "used_order_no" varchar(255) null, "discount_fen" bigint null, "revoked_at" timestamptz null, "revoke_reason" varchar(255) null, primary key ("id"));`);
    this.addSql(`create index "coupon_member_id_status_index" on "coupon" ("member_id", "status");`);
    this.addSql(`create index "coupon_template_id_member_id_index" on "coupon" ("template_id", "member_id");`);
    this.addSql(`create index "coupon_status_valid_until_index" on "coupon" ("status", "valid_until");`);

    this.addSql(`create table "coupon_template" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "name" varchar(255) not null, "kind" text not null, "threshold_fen" bigint not null, "amount_off_fen" bigint null, "discount_permille" int null, "max_discount_fen" bigint null, "gift_name" varchar(255) null, "valid_from" timestamptz null, "valid_until" timestamptz null, "valid_days" int null, "per_member_limit" int null, "total_limit" int null, "issued_count" int not null default 0, "stacking" text not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`create index "coupon_template_merchant_id_index" on "coupon_template" ("merchant_id");`);

    this.addSql(`alter table "coupon" add constraint "coupon_used_has_order" check (status <> 'USED' or (used_at is not null and used_order_no is not null));`);
    this.addSql(`alter table "coupon" add constraint "coupon_status_check" check ("status" in ('ISSUED', 'USED', 'EXPIRED', 'REVOKED'));`);

    this.addSql(`alter table "coupon_template" add constraint "coupon_template_issued_within_limit" check (total_limit is null or issued_count <= total_limit);`);
    this.addSql(`alter table "coupon_template" add constraint "coupon_template_kind_check" check ("kind" in ('FIXED', 'PERCENTAGE', 'GIFT'));`);
    this.addSql(`alter table "coupon_template" add constraint "coupon_template_stacking_check" check ("stacking" in ('EXCLUSIVE', 'STACKABLE'));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "coupon" cascade;`);
    this.addSql(`drop table if exists "coupon_template" cascade;`);
  }

}
