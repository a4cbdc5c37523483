import { Migration } from '@mikro-orm/migrations';
import { tenantRoleStatements } from '../../../database/src/tenant-role';
import { inboxTableStatement } from '../../../events/src/event-tables';

/**
 * The notifications service's schema: what it learned from events (merchants, members' phones,
 * points lots and balances for expiry reminders), what merchants set (templates, quiet hours,
 * webhook), members' own choices (e-mail address, opt-outs), and every message with its delivery.
 */
export class Migration20261122130000_notifications_schema extends Migration {
  override up(): void {
    for (const statement of tenantRoleStatements) this.addSql(statement);
    this.addSql(`create schema if not exists notifications;`);

    this.addSql(`create table notifications.merchant (
      id uuid primary key,
      tenant_id uuid not null,
      name text not null,
      time_zone text not null,
      -- Local wall-clock minutes; no message to a member is delivered from start until end (may wrap midnight).
      quiet_start_minute integer check (quiet_start_minute between 0 and 1439),
      quiet_end_minute integer check (quiet_end_minute between 0 and 1439),
      webhook_url text,
      webhook_secret text,
      expiry_reminder_days integer not null default 7 check (expiry_reminder_days between 1 and 90),
      -- Where alerts for the merchant's staff go by e-mail (anomalies).
      staff_email text,
      check ((quiet_start_minute is null) = (quiet_end_minute is null)),
      check ((webhook_url is null) = (webhook_secret is null))
    );`);

    this.addSql(`create table notifications.member_contact (
      member_id uuid primary key,
      tenant_id uuid not null,
      phone text,
      email text,
      -- Points balance as the last points event told it (expiry events lower it): for expiry reminders.
      points_balance bigint not null default 0
    );`);

    // Points lots from points.earned.v1: what may expire, and whether the member was reminded.
    this.addSql(`create table notifications.points_lot (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      member_id uuid not null,
      points bigint not null check (points > 0),
      expires_at timestamptz not null,
      reminded_at timestamptz
    );`);
    this.addSql(`create index points_lot_member on notifications.points_lot (member_id, expires_at);`);
    this.addSql(`create index points_lot_due on notifications.points_lot (expires_at) where reminded_at is null;`);

    // Purchases and redemptions as they happened, for the anomaly rules that look back in time.
    this.addSql(`create table notifications.activity (
      event_id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      member_id uuid not null,
      kind text not null check (kind in ('purchase', 'redemption')),
      amount_fen bigint,
      points bigint,
      occurred_at timestamptz not null
    );`);
    this.addSql(`create index activity_member on notifications.activity (member_id, occurred_at);`);

    // 异常监控: a merchant's rules (each off while null) and every hit.
    this.addSql(`create table notifications.anomaly_rule (
      merchant_id uuid primary key,
      tenant_id uuid not null,
      large_amount_fen bigint check (large_amount_fen > 0),
      frequency_count integer check (frequency_count > 1),
      frequency_window_minutes integer check (frequency_window_minutes > 0),
      odd_start_minute integer check (odd_start_minute between 0 and 1439),
      odd_end_minute integer check (odd_end_minute between 0 and 1439),
      redeem_after_earn_minutes integer check (redeem_after_earn_minutes > 0),
      updated_at timestamptz not null,
      updated_by text not null,
      check ((frequency_count is null) = (frequency_window_minutes is null)),
      check ((odd_start_minute is null) = (odd_end_minute is null))
    );`);
    this.addSql(`create table notifications.anomaly (
      id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      member_id uuid not null,
      rule text not null check (rule in ('LARGE_AMOUNT', 'HIGH_FREQUENCY', 'ODD_HOURS', 'REDEEM_AFTER_EARN')),
      event_id uuid not null,
      detail text not null,
      occurred_at timestamptz not null,
      created_at timestamptz not null,
      unique (event_id, rule)
    );`);
    this.addSql(`create index anomaly_merchant on notifications.anomaly (merchant_id, occurred_at);`);

    this.addSql(`create table notifications.template (
      id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      trigger text not null check (trigger in ('purchase', 'points_expiring', 'anomaly', 'daily_report')),
      channel text not null check (channel in ('sms', 'email', 'webhook')),
      body text not null,
      updated_at timestamptz not null,
      updated_by text not null,
      unique (merchant_id, trigger, channel)
    );`);

    this.addSql(`create table notifications.opt_out (
      member_id uuid not null,
      channel text not null check (channel in ('sms', 'email', 'webhook')),
      tenant_id uuid not null,
      created_at timestamptz not null,
      primary key (member_id, channel)
    );`);

    this.addSql(`create table notifications.message (
      id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      member_id uuid,
      trigger text not null,
      channel text not null,
      recipient text,
      subject text,
      body text not null,
      -- The trigger's variables, as a webhook delivers them.
      data jsonb not null,
      -- skipped: never sent (opted out, no address); failed: gave up after the last attempt.
      status text not null check (status in ('pending', 'sent', 'failed', 'skipped')),
      skip_reason text,
      attempts integer not null default 0,
      not_before timestamptz not null,
      last_error text,
      source text not null,
      created_at timestamptz not null,
      sent_at timestamptz,
      unique (source, channel)
    );`);
    this.addSql(`create index message_due on notifications.message (not_before) where status = 'pending';`);
    this.addSql(`create index message_member on notifications.message (member_id, created_at);`);

    this.addSql(inboxTableStatement('notifications'));

    this.addSql(`grant usage on schema notifications to loyalty_tenant;`);
    this.addSql(`grant select on all tables in schema notifications to loyalty_tenant;`);
    this.addSql(`grant insert, update, delete on notifications.template, notifications.opt_out, notifications.anomaly_rule to loyalty_tenant;`);
    this.addSql(`grant update on notifications.merchant, notifications.member_contact to loyalty_tenant;`);
    this.addSql(`revoke all on notifications.inbox_event from loyalty_tenant;`);
    const enable = (table: string, condition: string) => {
      this.addSql(`alter table notifications.${table} enable row level security;`);
      this.addSql(`create policy tenant_isolation on notifications.${table} to loyalty_tenant using (${condition}) with check (${condition});`);
    };
    const merchantSees = (column: string) => `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or ${column} = public.app_merchant_id())`;
    enable('merchant', merchantSees('id'));
    enable('template', merchantSees('merchant_id'));
    enable('message', merchantSees('merchant_id'));
    enable('points_lot', merchantSees('merchant_id'));
    enable('activity', merchantSees('merchant_id'));
    enable('anomaly_rule', merchantSees('merchant_id'));
    enable('anomaly', merchantSees('merchant_id'));
    // Members are shared within an alliance: any of its merchants may record their choices.
    enable('member_contact', 'tenant_id = public.app_tenant_id()');
    enable('opt_out', 'tenant_id = public.app_tenant_id()');
  }
}
