import { type PluginMigration, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';

/**
 * The hotel's tables. Stays and their charges are the merchant's own; the nights a member stayed
 * are also kept as a fact about the shared member (tenant-wide), which the alliance's level
 * scheme counts whichever merchant evaluates it.
 */
export const hotelMigrations: PluginMigration[] = [
  {
    name: '001_hotel',
    up: [
      // 住宿: a stay from booking (预订) to check-in (入住) and check-out (离店), or its cancellation or no-show.
      `create table hotel_stay (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        member_id uuid not null,
        reservation_no text not null,
        room_type text not null,
        room_no text,
        arrival_on date not null,
        departure_on date not null,
        booked_nights integer not null check (booked_nights > 0),
        nightly_rate_fen bigint not null check (nightly_rate_fen >= 0),
        status text not null check (status in ('booked', 'checked_in', 'checked_out', 'cancelled', 'no_show')),
        -- The member's level at check-in, and the benefits it gave the stay.
        level_code text,
        late_checkout_until text,
        room_upgrade boolean not null default false,
        breakfasts_per_night integer not null default 0,
        nights integer check (nights > 0),
        folio_fen bigint check (folio_fen >= 0),
        -- The points the stay holds now: pre-earned at booking, earned at check-out, 0 once reversed.
        points bigint not null default 0,
        fee_fen bigint check (fee_fen > 0),
        booked_at timestamptz not null,
        checked_in_at timestamptz,
        checked_out_at timestamptz,
        ended_at timestamptz,
        unique (store_id, reservation_no)
      )`,
      'create index hotel_stay_member on hotel_stay (member_id, booked_at)',
      'create index hotel_stay_status on hotel_stay (merchant_id, status)',
      ...tenantRowLevelSecurity('hotel_stay', 'merchant'),

      // What a stay charged through the loyalty core, each a purchase of its own: the prepayment
      // (预付) at booking, the folio (账单) at check-out, a cancellation or no-show fee.
      `create table hotel_stay_charge (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        stay_id uuid not null references hotel_stay (id),
        kind text not null check (kind in ('deposit', 'folio', 'fee')),
        order_no text not null,
        amount_fen bigint not null check (amount_fen >= 0),
        points bigint not null check (points >= 0),
        -- Null while the charge is being recorded (its purchase refers to it), then the purchase.
        purchase_id uuid unique,
        refunded boolean not null default false,
        created_at timestamptz not null default now(),
        unique (stay_id, kind)
      )`,
      ...tenantRowLevelSecurity('hotel_stay_charge', 'merchant'),

      // Nights a member stayed, counted by level rules (hotel.nights, hotel.stays); void once the stay is cancelled.
      `create table hotel_qualifying_stay (
        stay_id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        member_id uuid not null,
        nights integer not null check (nights > 0),
        checked_out_at timestamptz not null,
        void boolean not null default false
      )`,
      'create index hotel_qualifying_stay_member on hotel_qualifying_stay (member_id, checked_out_at)',
      ...tenantRowLevelSecurity('hotel_qualifying_stay', 'tenant'),
    ],
  },
];
