import { Migration } from '@mikro-orm/migrations';
import { dropCheckStatement } from '../../../database/src/migration-sql';

/**
 * Segments over who members are, not only what they bought: the profile member.registered.v1
 * carries (gender, birthday), their level (member.level_changed.v1, per scheme scope: a merchant's
 * or the alliance's), their points balance (the points events), tags by points, and members who
 * registered but never bought, who get a lifecycle stage and a segment too (their RFM measures
 * null: they have none).
 */
export class Migration20261204140000_profiles_levels_prospects extends Migration {
  override up(): void {
    this.addSql(`alter table insights.member_registration add column gender text, add column birthday date;`);

    this.addSql(`create table insights.member_points (
      member_id uuid primary key,
      tenant_id uuid not null,
      points_balance bigint not null default 0
    );`);

    // A member's level in a scheme's scope: the merchant's own scheme (scope = merchant), or the alliance's (scope = tenant).
    this.addSql(`create table insights.level_fact (
      member_id uuid not null,
      scope_id uuid not null,
      tenant_id uuid not null,
      level_code text not null,
      changed_at timestamptz not null,
      primary key (member_id, scope_id)
    );`);

    this.addSql(`alter table insights.tag add column min_points bigint check (min_points > 0);`);
    this.addSql(dropCheckStatement('insights.tag', 'max_recency_days'));
    this.addSql(`alter table insights.tag add constraint tag_rule_has_conditions
      check ((kind = 'rule') = (coalesce(min_purchases, min_monetary_fen, max_recency_days, min_points) is not null));`);

    this.addSql(`alter table insights.saved_segment
      add column genders text[],
      add column birth_months integer[],
      -- Local dates, both inclusive, in time_zone (the scope's when the segment was saved).
      add column registered_from date,
      add column registered_to date,
      add column time_zone text not null default 'Asia/Shanghai',
      add column level_codes text[];`);

    this.addSql(`alter table insights.member_rfm
      alter column recency_days drop not null, alter column r drop not null, alter column f drop not null, alter column m drop not null,
      alter column rfm_group drop not null, alter column first_purchase_at drop not null, alter column last_purchase_at drop not null;`);
    this.addSql(`alter table insights.member_rfm add constraint member_rfm_buyer_scored
      check ((purchases_total > 0) = (r is not null and f is not null and m is not null and rfm_group is not null and recency_days is not null));`);

    this.addSql(`grant select on insights.member_points, insights.level_fact to loyalty_tenant;`);
    this.addSql(`alter table insights.member_points enable row level security;`);
    this.addSql(`create policy tenant_isolation on insights.member_points to loyalty_tenant using (tenant_id = public.app_tenant_id()) with check (tenant_id = public.app_tenant_id());`);
    // A merchant's staff see their own scheme's levels and the alliance's.
    const levels = `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or scope_id in (public.app_merchant_id(), tenant_id))`;
    this.addSql(`alter table insights.level_fact enable row level security;`);
    this.addSql(`create policy tenant_isolation on insights.level_fact to loyalty_tenant using (${levels}) with check (${levels});`);
  }
}
