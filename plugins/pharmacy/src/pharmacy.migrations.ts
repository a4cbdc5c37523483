import { type PluginMigration, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';

/**
 * The pharmacy's tables. Everything is the merchant's own (a pharmacy's health data never reaches
 * the other merchants of its alliance), by the standard merchant row-level security.
 */
export const pharmacyMigrations: PluginMigration[] = [
  {
    name: '001_pharmacy',
    up: [
      // 健康档案: chronic conditions and allergies, per member and pharmacy merchant.
      `create table pharmacy_health_profile (
        merchant_id uuid not null,
        member_id uuid not null,
        tenant_id uuid not null,
        chronic_conditions text[] not null default '{}',
        allergies text[] not null default '{}',
        notes text,
        updated_at timestamptz not null,
        updated_by text not null,
        primary key (merchant_id, member_id)
      )`,
      ...tenantRowLevelSecurity('pharmacy_health_profile', 'merchant'),

      // 用药记录: every line of the merchant's purchases, with the refill it calls for.
      `create table pharmacy_medication_purchase (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        member_id uuid not null,
        purchase_id uuid not null,
        order_no text not null,
        line_no integer not null,
        sku text not null,
        name text,
        category text,
        quantity numeric not null,
        amount_fen bigint not null,
        insurance_paid_fen bigint not null,
        earning_fen bigint not null,
        daily_dose numeric,
        units_per_pack integer not null,
        occurred_at timestamptz not null,
        runs_out_on date,
        refill_due_on date,
        -- none: no dose given; pending: a reminder will fall due; reminded; superseded: bought again; cancelled: refunded.
        refill_status text not null check (refill_status in ('none', 'pending', 'reminded', 'superseded', 'cancelled')),
        unique (purchase_id, line_no)
      )`,
      'create index pharmacy_medication_purchase_member on pharmacy_medication_purchase (member_id, occurred_at)',
      "create index pharmacy_medication_purchase_due on pharmacy_medication_purchase (merchant_id, refill_due_on) where refill_status = 'pending'",
      'create index pharmacy_medication_purchase_order on pharmacy_medication_purchase (store_id, order_no)',
      ...tenantRowLevelSecurity('pharmacy_medication_purchase', 'merchant'),

      // 药师随访: follow-up tasks for the pharmacists, from refills falling due or made by hand.
      `create table pharmacy_follow_up_task (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        member_id uuid not null,
        kind text not null check (kind in ('refill', 'follow-up')),
        medication_purchase_id uuid unique references pharmacy_medication_purchase (id),
        due_on date not null,
        note text not null,
        status text not null check (status in ('open', 'done')),
        outcome text,
        created_at timestamptz not null,
        created_by text not null,
        done_at timestamptz,
        done_by text
      )`,
      'create index pharmacy_follow_up_task_open on pharmacy_follow_up_task (merchant_id, due_on) where status = \'open\'',
      ...tenantRowLevelSecurity('pharmacy_follow_up_task', 'merchant'),
    ],
  },
];
