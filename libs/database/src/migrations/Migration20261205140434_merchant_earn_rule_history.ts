import { Migration } from '@mikro-orm/migrations';

/**
 * Earn rule history: each merchant's earn terms as versions in force from a time, so a purchase
 * earns by the rule of its own time. Every merchant starts with its current settings as the
 * version that covers all time before the first change.
 */
export class Migration20261205140434_merchant_earn_rule_history extends Migration {

  override name = 'Migration20261205140434_merchant_earn_rule_history';

  override up(): void | Promise<void> {
    this.addSql(`create table "merchant_earn_rule" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "effective_from" timestamptz null, "points_per_yuan" int not null, "points_expiry_months" int not null, "created_by" varchar(255) not null, "created_at" timestamptz not null default now(), primary key ("id"));`);
    this.addSql(`alter table "merchant_earn_rule" add constraint "merchant_earn_rule_effective_from" unique ("merchant_id", "effective_from");`);
    // The unique constraint lets nulls repeat: one first version per merchant.
    this.addSql(`create unique index "merchant_earn_rule_first" on "merchant_earn_rule" ("merchant_id") where "effective_from" is null;`);
    this.addSql(`alter table "merchant_earn_rule" add constraint "merchant_earn_rule_merchant_fk" foreign key ("merchant_id") references "merchant" ("id");`);

    const scope = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';
    this.addSql(`alter table "merchant_earn_rule" enable row level security;`);
    this.addSql(`create policy tenant_isolation on "merchant_earn_rule" to loyalty_tenant using (${scope}) with check (${scope});`);

    this.addSql(`insert into "merchant_earn_rule" ("id", "tenant_id", "merchant_id", "effective_from", "points_per_yuan", "points_expiry_months", "created_by")
      select gen_random_uuid(), "tenant_id", "id", null,
        coalesce(("settings" -> 'earnRule' ->> 'pointsPerYuan')::int, 1), coalesce(("settings" ->> 'pointsExpiryMonths')::int, 12), 'migration'
      from "merchant";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "merchant_earn_rule" cascade;`);
  }

}
