import { Migration } from '@mikro-orm/migrations';

/**
 * Daily report facts beyond points and member sales: stored value (stored_value.changed.v1),
 * coupons issued and used (coupon.issued.v1, coupon.used.v1), and each store's total sales of a
 * day as its till reported them (store.daily-sales-reported.v1), walk-ins included: what member
 * share is measured against. Reports are published per merchant and per alliance (the scope id in
 * daily_report_published).
 */
export class Migration20261204120000_report_facts extends Migration {
  override up(): void {
    this.addSql(`create table insights.stored_value_fact (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      member_id uuid not null,
      kind text not null,
      principal_delta_fen bigint not null,
      bonus_delta_fen bigint not null,
      happened_at timestamptz not null
    );`);
    this.addSql(`create index stored_value_fact_merchant_happened on insights.stored_value_fact (merchant_id, happened_at);`);
    this.addSql(`create index stored_value_fact_tenant_happened on insights.stored_value_fact (tenant_id, happened_at);`);

    this.addSql(`create table insights.coupon_fact (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      member_id uuid not null,
      kind text not null check (kind in ('issued', 'used')),
      discount_fen bigint,
      happened_at timestamptz not null
    );`);
    this.addSql(`create index coupon_fact_merchant_happened on insights.coupon_fact (merchant_id, happened_at);`);
    this.addSql(`create index coupon_fact_tenant_happened on insights.coupon_fact (tenant_id, happened_at);`);

    // The latest report of each store's day stands (a later one is a correction).
    this.addSql(`create table insights.store_sales (
      store_id uuid not null,
      day date not null,
      tenant_id uuid not null,
      merchant_id uuid not null,
      sales_fen bigint not null check (sales_fen >= 0),
      orders integer not null check (orders >= 0),
      reported_at timestamptz not null,
      primary key (store_id, day)
    );`);
    this.addSql(`create index store_sales_merchant_day on insights.store_sales (merchant_id, day);`);
    this.addSql(`create index store_sales_tenant_day on insights.store_sales (tenant_id, day);`);

    this.addSql(`comment on column insights.daily_report_published.merchant_id is 'The scope: a merchant, or an alliance';`);

    this.addSql(`grant select on insights.stored_value_fact, insights.coupon_fact, insights.store_sales to loyalty_tenant;`);
    const scoped = `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or merchant_id = public.app_merchant_id())`;
    for (const table of ['stored_value_fact', 'coupon_fact', 'store_sales']) {
      this.addSql(`alter table insights.${table} enable row level security;`);
      this.addSql(`create policy tenant_isolation on insights.${table} to loyalty_tenant using (${scoped}) with check (${scoped});`);
    }
  }
}
