import { Migration } from '@mikro-orm/migrations';
import { tenantRoleStatements } from '../../../database/src/tenant-role';
import { inboxTableStatement } from '../../../events/src/event-tables';

/** The settlement service's schema: statements from clearing runs, payment instructions, confirmations, disputes. */
export class Migration20261122110000_settlement_schema extends Migration {
  override up(): void {
    for (const statement of tenantRoleStatements) this.addSql(statement);
    this.addSql(`create schema if not exists settlement;`);
    this.addSql(`create table settlement.statement (
      id uuid primary key,
      tenant_id uuid not null,
      run_id uuid not null,
      scheme_id uuid not null,
      scheme_name text not null,
      party_id uuid,
      party_name text not null,
      party_merchant_id uuid,
      operator_merchant_id uuid,
      period_start timestamptz not null,
      period_end timestamptz not null,
      time_zone text not null,
      net_fen bigint not null,
      lines jsonb not null,
      status text not null check (status in ('draft', 'issued', 'partially_paid', 'paid', 'reconciled', 'disputed')),
      created_at timestamptz not null,
      issued_at timestamptz,
      reconciled_at timestamptz,
      unique nulls not distinct (run_id, party_id)
    );`);
    this.addSql(`create index statement_run on settlement.statement (run_id);`);
    this.addSql(`create table settlement.payment_instruction (
      id uuid primary key,
      tenant_id uuid not null,
      run_id uuid not null,
      statement_id uuid not null unique references settlement.statement (id),
      party_merchant_id uuid,
      operator_merchant_id uuid,
      payer_name text not null,
      payee_name text not null,
      party_pays boolean not null,
      amount_fen bigint not null check (amount_fen > 0),
      confirmed_fen bigint not null default 0 check (confirmed_fen >= 0 and confirmed_fen <= amount_fen),
      created_at timestamptz not null
    );`);
    this.addSql(`create table settlement.payment_confirmation (
      id uuid primary key,
      tenant_id uuid not null,
      instruction_id uuid not null references settlement.payment_instruction (id),
      party_merchant_id uuid,
      operator_merchant_id uuid,
      amount_fen bigint not null check (amount_fen > 0),
      reference text not null,
      paid_at timestamptz not null,
      source text not null check (source in ('manual', 'api')),
      confirmed_by text not null,
      created_at timestamptz not null,
      unique (instruction_id, reference)
    );`);
    this.addSql(`create table settlement.dispute (
      id uuid primary key,
      tenant_id uuid not null,
      statement_id uuid not null references settlement.statement (id),
      party_merchant_id uuid,
      operator_merchant_id uuid,
      reason text not null,
      amount_fen bigint check (amount_fen > 0),
      status text not null check (status in ('open', 'resolved')),
      raised_by text not null,
      created_at timestamptz not null,
      resolution text,
      resolved_by text,
      resolved_at timestamptz
    );`);
    this.addSql(`create unique index dispute_one_open on settlement.dispute (statement_id) where status = 'open';`);
    this.addSql(inboxTableStatement('settlement'));

    // A participant sees its own statements; the operator (alliance, or the HQ of a chain) sees all of its schemes'.
    this.addSql(`grant usage on schema settlement to loyalty_tenant;`);
    this.addSql(`grant select, insert, update on all tables in schema settlement to loyalty_tenant;`);
    this.addSql(`revoke all on settlement.inbox_event from loyalty_tenant;`);
    const visible = `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or party_merchant_id = public.app_merchant_id() or operator_merchant_id = public.app_merchant_id())`;
    for (const table of ['statement', 'payment_instruction', 'payment_confirmation', 'dispute']) {
      this.addSql(`alter table settlement.${table} enable row level security;`);
      this.addSql(`create policy tenant_isolation on settlement.${table} to loyalty_tenant using (${visible}) with check (${visible});`);
    }
  }
}
