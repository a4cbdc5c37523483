import { type PluginMigration, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';

/**
 * The fuel station's tables. A plate identifies the alliance's shared member at every station of the
 * alliance (tenant scope); fleets, their vehicles' limits and the fill-ups are the merchant's own.
 */
export const fuelMigrations: PluginMigration[] = [
  {
    name: '001_fuel',
    up: [
      // 车辆: a member's vehicles by normalised plate, one member per plate in the alliance.
      `create table fuel_vehicle (
        tenant_id uuid not null,
        plate text not null,
        member_id uuid not null,
        registered_by_merchant_id uuid not null,
        registered_at timestamptz not null default now(),
        primary key (tenant_id, plate)
      )`,
      'create index fuel_vehicle_member on fuel_vehicle (member_id)',
      ...tenantRowLevelSecurity('fuel_vehicle', 'tenant'),

      // 车队: a company's account at the station; its member's stored value is the fleet's shared balance.
      `create table fuel_fleet (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        name text not null,
        account_member_id uuid not null,
        created_at timestamptz not null default now(),
        created_by text not null,
        unique (merchant_id, account_member_id)
      )`,
      ...tenantRowLevelSecurity('fuel_fleet', 'merchant'),

      // 车队车辆: a vehicle charged to a fleet, with its limits (null: none).
      `create table fuel_fleet_vehicle (
        tenant_id uuid not null,
        merchant_id uuid not null,
        plate text not null,
        fleet_id uuid not null references fuel_fleet (id),
        daily_limit_fen bigint check (daily_limit_fen >= 0),
        monthly_limit_fen bigint check (monthly_limit_fen >= 0),
        daily_limit_milli bigint check (daily_limit_milli >= 0),
        monthly_limit_milli bigint check (monthly_limit_milli >= 0),
        active boolean not null default true,
        updated_at timestamptz not null default now(),
        primary key (merchant_id, plate)
      )`,
      'create index fuel_fleet_vehicle_fleet on fuel_fleet_vehicle (fleet_id)',
      ...tenantRowLevelSecurity('fuel_fleet_vehicle', 'merchant'),

      // 加油记录: each fill-up sold through the plugin's POS endpoint, with its purchase in the core.
      `create table fuel_purchase (
        purchase_id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        member_id uuid not null,
        order_no text not null,
        plate text,
        grade text not null,
        unit text not null,
        quantity_milli bigint not null check (quantity_milli > 0),
        unit_price_fen bigint not null,
        discount_fen_per_unit bigint not null,
        gross_fen bigint not null,
        discount_fen bigint not null,
        amount_fen bigint not null,
        points_earned bigint not null,
        fleet_id uuid references fuel_fleet (id),
        stored_value_payment_id uuid,
        occurred_at timestamptz not null,
        local_date date not null,
        unique (store_id, order_no)
      )`,
      'create index fuel_purchase_member on fuel_purchase (member_id, occurred_at)',
      'create index fuel_purchase_fleet_vehicle on fuel_purchase (merchant_id, plate, local_date) where fleet_id is not null',
      ...tenantRowLevelSecurity('fuel_purchase', 'merchant'),
    ],
  },
  {
    name: '002_fuel_fills',
    up: [
      // Fill-ups as level rules count them (fuel.litres, fuel.fills), net of refunds. Tenant-scoped: a
      // tenant-wide level scheme is evaluated in other merchants' transactions.
      `create table fuel_qualifying_fill (
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        order_no text not null,
        member_id uuid not null,
        unit text not null,
        quantity_milli bigint not null check (quantity_milli > 0),
        amount_fen bigint not null check (amount_fen >= 0),
        refunded_fen bigint not null default 0 check (refunded_fen >= 0 and refunded_fen <= amount_fen),
        occurred_at timestamptz not null,
        primary key (store_id, order_no)
      )`,
      'create index fuel_qualifying_fill_member on fuel_qualifying_fill (member_id, occurred_at)',
      ...tenantRowLevelSecurity('fuel_qualifying_fill', 'tenant'),
      // The fill-ups sold before this release count too.
      `insert into fuel_qualifying_fill (tenant_id, merchant_id, store_id, order_no, member_id, unit, quantity_milli, amount_fen, occurred_at)
       select tenant_id, merchant_id, store_id, order_no, member_id, unit, quantity_milli, amount_fen, occurred_at from fuel_purchase`,
    ],
  },
];
