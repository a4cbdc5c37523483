import { Migration } from '@mikro-orm/migrations';

/** Holds on members' redemptions at a merchant, from anomaly rules set to hold; a merchant's staff see their own, an operator the tenant's. */
export class Migration20261204213911_redemption_holds extends Migration {

  override name = 'Migration20261204213911_redemption_holds';

  override up(): void | Promise<void> {
    this.addSql(`create table "redemption_hold" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "member_id" uuid not null, "store_id" uuid null, "rule" varchar(255) not null, "detail" text not null, "occurred_at" timestamptz not null, "held_at" timestamptz not null, "released_at" timestamptz null, "released_by" varchar(255) null, "release_reason" text null, primary key ("id"));`);
    this.addSql(`create index "redemption_hold_open" on "redemption_hold" ("merchant_id", "member_id") where "released_at" is null;`);

    this.addSql(`alter table "redemption_hold" enable row level security;`);
    this.addSql(`create policy tenant_isolation on "redemption_hold" to loyalty_tenant
      using (tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id()))
      with check (tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id()));`);
    this.addSql(`alter table "redemption_hold" add constraint "redemption_hold_release_explained" check ((released_at is null) = (released_by is null) and (released_at is null) = (release_reason is null));`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "redemption_hold" cascade;`);
  }

}
