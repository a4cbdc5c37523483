import { Migration } from '@mikro-orm/migrations';
import { tenantRoleStatements } from '../../../database/src/tenant-role';
import { inboxTableStatement, outboxTableStatements } from '../../../events/src/event-tables';

/**
 * The clearing service's schema. Activity is append-only and numbered (`seq`) in commit order; a
 * run covers the activity up to its high-water mark that occurred before its period end and that
 * no earlier run covered, so every activity row is cleared exactly once, and late rows of a closed
 * period land in the next run as adjustments.
 */
export class Migration20261122100000_clearing_schema extends Migration {
  override up(): void {
    for (const statement of tenantRoleStatements) this.addSql(statement);
    this.addSql(`create schema if not exists clearing;`);

    // Merchants and stores as the tenancy context announced them (names for statements, store → merchant).
    this.addSql(`create table clearing.party (
      id uuid primary key,
      tenant_id uuid not null,
      kind text not null check (kind in ('merchant', 'store')),
      merchant_id uuid not null,
      name text not null,
      created_at timestamptz not null
    );`);

    this.addSql(`create table clearing.scheme (
      id uuid primary key,
      tenant_id uuid not null,
      name text not null,
      participant_kind text not null check (participant_kind in ('merchant', 'store')),
      operator_merchant_id uuid,
      operator_name text not null,
      time_zone text not null,
      schedule text check (schedule in ('daily', 'weekly', 'monthly')),
      created_at timestamptz not null,
      unique (tenant_id, name),
      check ((participant_kind = 'store') = (operator_merchant_id is not null))
    );`);

    // Prices in 1/10000 分 per point; rates in basis points; exchange as own:alliance points.
    this.addSql(`create table clearing.contract_term (
      id uuid primary key,
      tenant_id uuid not null,
      scheme_id uuid not null references clearing.scheme (id),
      participant_id uuid not null,
      effective_from timestamptz not null,
      effective_to timestamptz,
      issue_price_e4 bigint not null check (issue_price_e4 >= 0),
      redemption_rate_e4 bigint not null check (redemption_rate_e4 >= 0),
      commission_bps integer not null check (commission_bps between 0 and 10000),
      breakage_share_bps integer not null check (breakage_share_bps between 0 and 10000),
      own_points_per_unit bigint not null check (own_points_per_unit > 0),
      alliance_points_per_unit bigint not null check (alliance_points_per_unit > 0),
      created_at timestamptz not null,
      created_by text not null,
      unique (scheme_id, participant_id, effective_from),
      check (effective_to is null or effective_to > effective_from)
    );`);

    this.addSql(`create table clearing.activity (
      seq bigint generated always as identity primary key,
      id uuid not null unique,
      tenant_id uuid not null,
      merchant_id uuid not null,
      store_id uuid,
      kind text not null check (kind in ('ISSUED', 'REVERSED', 'REDEEMED', 'EXPIRED')),
      points bigint not null check (points > 0),
      -- Reported in the participant's own currency: the points it reported; \`points\` is their alliance value.
      own_points bigint check (own_points > 0),
      occurred_at timestamptz not null,
      reference text,
      recorded_at timestamptz not null default now()
    );`);
    this.addSql(`create index activity_tenant_seq on clearing.activity (tenant_id, seq);`);
    this.addSql(`create index activity_tenant_occurred on clearing.activity (tenant_id, occurred_at);`);
    this.addSql(`create unique index activity_reference on clearing.activity (tenant_id, merchant_id, reference) where reference is not null;`);

    this.addSql(`create table clearing.run (
      id uuid primary key,
      tenant_id uuid not null,
      scheme_id uuid not null references clearing.scheme (id),
      operator_merchant_id uuid,
      period_start timestamptz not null,
      period_end timestamptz not null,
      high_seq bigint not null,
      trigger text not null check (trigger in ('manual', 'scheduled')),
      created_at timestamptz not null,
      created_by text not null,
      unique (scheme_id, period_start),
      unique (scheme_id, period_end),
      check (period_end > period_start)
    );`);

    this.addSql(`create table clearing.run_line (
      id bigint generated always as identity primary key,
      run_id uuid not null references clearing.run (id),
      tenant_id uuid not null,
      operator_merchant_id uuid,
      participant_id uuid,
      participant_merchant_id uuid,
      item text not null check (item in ('ISSUANCE', 'ISSUANCE_REVERSAL', 'REDEMPTION', 'COMMISSION', 'BREAKAGE')),
      adjustment boolean not null,
      points bigint not null,
      amount_fen bigint not null
    );`);
    this.addSql(`create index run_line_run on clearing.run_line (run_id);`);

    this.addSql(inboxTableStatement('clearing'));
    for (const statement of outboxTableStatements('clearing')) this.addSql(statement);

    // Tenant work sees its tenant; a merchant sees the schemes it runs (HQ) and its own lines.
    this.addSql(`grant usage on schema clearing to loyalty_tenant;`);
    this.addSql(`grant select, insert, update on all tables in schema clearing to loyalty_tenant;`);
    this.addSql(`revoke all on clearing.inbox_event, clearing.outbox_event from loyalty_tenant;`);
    this.addSql(`grant insert on clearing.outbox_event to loyalty_tenant;`);
    const enable = (table: string, condition: string) => {
      this.addSql(`alter table clearing.${table} enable row level security;`);
      this.addSql(`create policy tenant_isolation on clearing.${table} to loyalty_tenant using (${condition}) with check (${condition});`);
    };
    const merchantSees = (column: string) => `(public.app_merchant_id() is null or ${column} = public.app_merchant_id())`;
    enable('party', 'tenant_id = public.app_tenant_id()');
    enable('scheme', 'tenant_id = public.app_tenant_id()');
    enable('contract_term', 'tenant_id = public.app_tenant_id()');
    enable('activity', `tenant_id = public.app_tenant_id() and ${merchantSees('merchant_id')}`);
    enable('run', 'tenant_id = public.app_tenant_id()');
    enable(
      'run_line',
      `tenant_id = public.app_tenant_id() and (${merchantSees('participant_merchant_id')} or operator_merchant_id = public.app_merchant_id())`,
    );
    enable('outbox_event', 'tenant_id = public.app_tenant_id()');
  }
}
