import { Migration } from '@mikro-orm/migrations';

/**
 * Tags by plugin facts (a plugin's measure, `hotel.nights`: at least / at most, optionally within a
 * window of days). The values are counted where the plugins run and kept here per tag and member
 * when tags are refreshed; a member without a row has 0.
 */
export class Migration20261205090000_tag_facts extends Migration {
  override up(): void {
    this.addSql(`alter table insights.tag
      add column fact text,
      add column fact_min bigint check (fact_min >= 0),
      add column fact_max bigint check (fact_max >= 0),
      add column fact_window_days integer check (fact_window_days between 1 and 3650),
      add column facts_refreshed_at timestamptz,
      add constraint tag_fact_has_bounds check ((fact is null) = (coalesce(fact_min, fact_max) is null) and (fact is not null or fact_window_days is null));`);
    this.addSql(`alter table insights.tag drop constraint tag_rule_has_conditions;`);
    this.addSql(`alter table insights.tag add constraint tag_rule_has_conditions
      check ((kind = 'rule') = (coalesce(min_purchases, min_monetary_fen, max_recency_days, min_points) is not null or fact is not null));`);
    this.addSql(`create table insights.tag_fact_value (
      tag_id uuid not null references insights.tag (id),
      member_id uuid not null,
      tenant_id uuid not null,
      scope_id uuid not null,
      value bigint not null,
      primary key (tag_id, member_id)
    );`);
    this.addSql(`grant select on insights.tag_fact_value to loyalty_tenant;`);
    this.addSql(`alter table insights.tag_fact_value enable row level security;`);
    this.addSql(`create policy tenant_isolation on insights.tag_fact_value to loyalty_tenant
      using (tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or scope_id = public.app_merchant_id()));`);
  }
}
