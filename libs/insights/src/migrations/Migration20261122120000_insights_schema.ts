import { Migration } from '@mikro-orm/migrations';
import { tenantRoleStatements } from '../../../database/src/tenant-role';
import { inboxTableStatement, outboxTableStatements } from '../../../events/src/event-tables';

/**
 * The insights service's schema. Purchase facts come from the members service's points events
 * (never from its tables); RFM, lifecycle and segments are computed from them per scope: a
 * merchant (scope id = merchant id) or an alliance across its merchants (scope id = alliance id).
 */
export class Migration20261122120000_insights_schema extends Migration {
  override up(): void {
    for (const statement of tenantRoleStatements) this.addSql(statement);
    this.addSql(`create schema if not exists insights;`);

    // Merchants as the tenancy context announced them: the scopes insights computes for.
    this.addSql(`create table insights.merchant (
      id uuid primary key,
      tenant_id uuid not null,
      alliance_id uuid,
      name text not null,
      time_zone text not null,
      created_at timestamptz not null
    );`);

    // One row per purchase (points.earned.v1) or reversal (points.reversed.v1: refund or return).
    this.addSql(`create table insights.purchase_fact (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      member_id uuid not null,
      kind text not null check (kind in ('purchase', 'reversal')),
      order_no text,
      amount_fen bigint not null check (amount_fen >= 0),
      -- The sale's time (a refund's is its sale's): what RFM measures.
      occurred_at timestamptz not null,
      -- When this happened (a refund's own time): what daily reports count.
      happened_at timestamptz not null
    );`);
    this.addSql(`create index purchase_fact_merchant_member on insights.purchase_fact (merchant_id, member_id);`);
    this.addSql(`create index purchase_fact_tenant_member on insights.purchase_fact (tenant_id, member_id);`);
    this.addSql(`create index purchase_fact_merchant_happened on insights.purchase_fact (merchant_id, happened_at);`);
    this.addSql(`create index purchase_fact_tenant_happened on insights.purchase_fact (tenant_id, happened_at);`);

    // Points earned, redeemed, taken back (reversed) and expired, for daily reports.
    this.addSql(`create table insights.points_fact (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      kind text not null check (kind in ('earned', 'redeemed', 'reversed', 'expired')),
      points bigint not null check (points > 0),
      happened_at timestamptz not null
    );`);
    this.addSql(`create index points_fact_merchant_happened on insights.points_fact (merchant_id, happened_at);`);
    this.addSql(`create index points_fact_tenant_happened on insights.points_fact (tenant_id, happened_at);`);

    // Members registered (member.registered.v1), by the merchant and store that registered them.
    this.addSql(`create table insights.member_registration (
      member_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      registered_at timestamptz not null
    );`);
    this.addSql(`create index member_registration_merchant on insights.member_registration (merchant_id, registered_at);`);
    this.addSql(`create index member_registration_tenant on insights.member_registration (tenant_id, registered_at);`);

    // A scope's RFM rules; absent means the defaults (quintiles, averages, 365 days).
    this.addSql(`create table insights.rfm_settings (
      scope_id uuid primary key,
      tenant_id uuid not null,
      window_days integer not null check (window_days between 1 and 3650),
      scoring text not null check (scoring in ('quintile', 'threshold')),
      recency_breaks integer[],
      frequency_breaks integer[],
      monetary_breaks bigint[],
      grouping text not null check (grouping in ('average', 'threshold')),
      recency_high_days integer,
      frequency_high integer,
      monetary_high_fen bigint,
      new_days integer not null,
      decline_days integer not null,
      churn_days integer not null,
      mature_purchases integer not null,
      updated_at timestamptz not null,
      updated_by text not null,
      check (scoring = 'quintile' or (cardinality(recency_breaks) = 4 and cardinality(frequency_breaks) = 4 and cardinality(monetary_breaks) = 4)),
      check (grouping = 'average' or (recency_high_days is not null and frequency_high is not null and monetary_high_fen is not null))
    );`);

    // The scope's last full computation: the breakpoints and sums an incremental refresh scores against.
    this.addSql(`create table insights.rfm_run (
      scope_id uuid primary key,
      tenant_id uuid not null,
      scope text not null check (scope in ('merchant', 'alliance')),
      as_of timestamptz not null,
      window_days integer not null,
      members integer not null,
      recency_breaks integer[] not null,
      frequency_breaks integer[] not null,
      monetary_breaks bigint[] not null,
      recency_sum bigint not null,
      frequency_sum bigint not null,
      monetary_sum bigint not null,
      computed_at timestamptz not null
    );`);

    this.addSql(`create table insights.member_rfm (
      scope_id uuid not null,
      member_id uuid not null,
      tenant_id uuid not null,
      recency_days integer not null,
      frequency integer not null,
      monetary_fen bigint not null,
      r smallint not null check (r between 1 and 5),
      f smallint not null check (f between 1 and 5),
      m smallint not null check (m between 1 and 5),
      rfm_group text not null,
      lifecycle text not null,
      segment text not null,
      purchases_total integer not null,
      first_purchase_at timestamptz not null,
      last_purchase_at timestamptz not null,
      computed_at timestamptz not null,
      primary key (scope_id, member_id)
    );`);

    // 标签: manual (staff tag members) or rule-based (evaluated against each member's RFM facts).
    this.addSql(`create table insights.tag (
      id uuid primary key,
      tenant_id uuid not null,
      scope_id uuid not null,
      name text not null,
      kind text not null check (kind in ('manual', 'rule')),
      min_purchases integer,
      min_monetary_fen bigint,
      max_recency_days integer,
      created_at timestamptz not null,
      created_by text not null,
      unique (scope_id, name),
      check ((kind = 'rule') = (coalesce(min_purchases, min_monetary_fen, max_recency_days) is not null))
    );`);
    this.addSql(`create table insights.member_tag (
      tag_id uuid not null references insights.tag (id),
      member_id uuid not null,
      tenant_id uuid not null,
      scope_id uuid not null,
      tagged_at timestamptz not null,
      tagged_by text not null,
      primary key (tag_id, member_id)
    );`);
    this.addSql(`create index member_tag_member on insights.member_tag (member_id);`);

    // Saved segments: filters over RFM group, lifecycle, segment, facts and tags; campaign audiences.
    this.addSql(`create table insights.saved_segment (
      id uuid primary key,
      tenant_id uuid not null,
      scope_id uuid not null,
      name text not null,
      rfm_groups text[],
      lifecycles text[],
      segments text[],
      tag_ids uuid[],
      min_monetary_fen bigint,
      max_recency_days integer,
      min_frequency integer,
      created_at timestamptz not null,
      created_by text not null,
      unique (scope_id, name)
    );`);

    // The daily report of each merchant's closed local days, published once (insights.daily-report.v1).
    this.addSql(`create table insights.daily_report_published (
      merchant_id uuid not null,
      day date not null,
      published_at timestamptz not null,
      primary key (merchant_id, day)
    );`);

    this.addSql(inboxTableStatement('insights'));
    for (const statement of outboxTableStatements('insights')) this.addSql(statement);

    // Tenant work reads its tenant; a merchant's staff read their own merchant's scope only.
    this.addSql(`grant usage on schema insights to loyalty_tenant;`);
    this.addSql(`grant select on all tables in schema insights to loyalty_tenant;`);
    this.addSql(`grant insert, update on insights.rfm_settings, insights.tag, insights.saved_segment to loyalty_tenant;`);
    this.addSql(`grant insert, delete on insights.member_tag to loyalty_tenant;`);
    this.addSql(`revoke all on insights.inbox_event, insights.outbox_event, insights.daily_report_published from loyalty_tenant;`);
    const enable = (table: string, condition: string) => {
      this.addSql(`alter table insights.${table} enable row level security;`);
      this.addSql(`create policy tenant_isolation on insights.${table} to loyalty_tenant using (${condition}) with check (${condition});`);
    };
    const scoped = (column: string) => `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or ${column} = public.app_merchant_id())`;
    enable('merchant', scoped('id'));
    enable('purchase_fact', scoped('merchant_id'));
    enable('points_fact', scoped('merchant_id'));
    // Members are shared within an alliance: any of its merchants may know them.
    enable('member_registration', 'tenant_id = public.app_tenant_id()');
    enable('rfm_settings', scoped('scope_id'));
    enable('rfm_run', scoped('scope_id'));
    enable('member_rfm', scoped('scope_id'));
    enable('tag', scoped('scope_id'));
    enable('member_tag', scoped('scope_id'));
    enable('saved_segment', scoped('scope_id'));
  }
}
