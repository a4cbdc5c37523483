import { type PluginMigration, tenantRowLevelSecurity } from '@loyalty/plugin-sdk';

/** The pet store's tables: each the merchant's own (a pet shop's records of its customers' pets). */
export const petMigrations: PluginMigration[] = [
  {
    name: '001_pet',
    up: [
      // 宠物档案: a member's pet.
      `create table pet_pet (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        member_id uuid not null,
        name text not null,
        species text not null check (species in ('dog', 'cat', 'rabbit', 'bird', 'other')),
        breed text,
        sex text not null default 'unknown' check (sex in ('male', 'female', 'unknown')),
        birthday date,
        neutered boolean,
        notes text,
        created_at timestamptz not null default now(),
        created_by text not null,
        -- 离开: a pet that died or left; kept in the records, out of the reminders and gifts.
        archived_at timestamptz,
        archived_reason text
      )`,
      'create index pet_pet_member on pet_pet (member_id)',
      ...tenantRowLevelSecurity('pet_pet', 'merchant'),

      // 体重: weighings over time, in grams.
      `create table pet_weighing (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        pet_id uuid not null references pet_pet (id),
        weight_grams integer not null check (weight_grams > 0 and weight_grams <= 200000),
        weighed_on date not null,
        recorded_at timestamptz not null default now(),
        recorded_by text not null
      )`,
      'create index pet_weighing_pet on pet_weighing (pet_id, weighed_on desc, recorded_at desc)',
      ...tenantRowLevelSecurity('pet_weighing', 'merchant'),

      // 疫苗: vaccinations given, with the next one's due date; a later one of the same vaccine supersedes its reminder.
      `create table pet_vaccination (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        pet_id uuid not null references pet_pet (id),
        vaccine text not null,
        given_on date not null,
        next_due_on date check (next_due_on > given_on),
        reminder_status text not null check (reminder_status in ('none', 'pending', 'reminded', 'superseded')),
        recorded_at timestamptz not null default now(),
        recorded_by text not null
      )`,
      'create index pet_vaccination_pet on pet_vaccination (pet_id, given_on desc)',
      `create index pet_vaccination_due on pet_vaccination (merchant_id, next_due_on) where reminder_status = 'pending'`,
      ...tenantRowLevelSecurity('pet_vaccination', 'merchant'),

      // 服务记录: grooming, boarding, medical… per pet, one per order at a store.
      `create table pet_service (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        pet_id uuid not null references pet_pet (id),
        member_id uuid not null,
        kind text not null check (kind in ('grooming', 'boarding', 'medical', 'other')),
        order_no text not null,
        amount_fen bigint not null check (amount_fen >= 0),
        purchase_id uuid,
        performed_at timestamptz not null,
        notes text,
        recorded_by text not null,
        unique (store_id, order_no)
      )`,
      'create index pet_service_pet on pet_service (pet_id, performed_at desc)',
      ...tenantRowLevelSecurity('pet_service', 'merchant'),

      // 回访任务: a staff follow-up due on a local date (the eye ointment: call back in 3 days), announced once when due.
      `create table pet_follow_up (
        id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        store_id uuid not null,
        pet_id uuid not null references pet_pet (id),
        member_id uuid not null,
        service_id uuid references pet_service (id),
        due_on date not null,
        note text not null,
        status text not null check (status in ('open', 'done', 'cancelled')),
        announced_at timestamptz,
        outcome text,
        closed_at timestamptz,
        closed_by text,
        created_at timestamptz not null default now(),
        created_by text not null
      )`,
      `create index pet_follow_up_due on pet_follow_up (merchant_id, due_on) where status = 'open'`,
      'create index pet_follow_up_pet on pet_follow_up (pet_id)',
      ...tenantRowLevelSecurity('pet_follow_up', 'merchant'),

      // 宠物次卡: a core visit card (次卡) sold for one pet, used for that pet only.
      `create table pet_visit_card (
        card_id uuid primary key,
        tenant_id uuid not null,
        merchant_id uuid not null,
        pet_id uuid not null references pet_pet (id),
        member_id uuid not null,
        sold_at timestamptz not null default now()
      )`,
      'create index pet_visit_card_pet on pet_visit_card (pet_id)',
      ...tenantRowLevelSecurity('pet_visit_card', 'merchant'),

      // 生日礼: once per pet and year; the coupon given, or why none was.
      `create table pet_birthday_gift (
        pet_id uuid not null references pet_pet (id),
        year integer not null,
        tenant_id uuid not null,
        merchant_id uuid not null,
        member_id uuid not null,
        birthday_on date not null,
        coupon_id uuid,
        refused_code text,
        given_at timestamptz not null default now(),
        primary key (pet_id, year)
      )`,
      ...tenantRowLevelSecurity('pet_birthday_gift', 'merchant'),
    ],
  },
];
