import { Migration } from '@mikro-orm/migrations';

/**
 * Saved segments as campaign audiences: a campaign issues a coupon template to the members a
 * segment held when it started (their list kept, each with its outcome), through the programme's
 * coupon issuing; its progress is the outcomes so far.
 */
export class Migration20261204150000_coupon_campaigns extends Migration {
  override up(): void {
    this.addSql(`create table insights.coupon_campaign (
      id uuid primary key,
      tenant_id uuid not null,
      scope_id uuid not null,
      scope text not null check (scope in ('merchant', 'alliance')),
      segment_id uuid not null references insights.saved_segment (id),
      coupon_template_id uuid not null,
      status text not null check (status in ('running', 'done')),
      created_at timestamptz not null,
      created_by text not null,
      finished_at timestamptz
    );`);
    this.addSql(`create index coupon_campaign_running on insights.coupon_campaign (created_at) where status = 'running';`);
    // Each member of the audience; outcome null until the programme answered for them.
    this.addSql(`create table insights.coupon_campaign_member (
      campaign_id uuid not null references insights.coupon_campaign (id),
      member_id uuid not null,
      outcome text check (outcome in ('issued', 'already_issued', 'refused')),
      refusal_code text,
      primary key (campaign_id, member_id),
      check ((outcome = 'refused') = (refusal_code is not null))
    );`);
    this.addSql(`create index coupon_campaign_member_pending on insights.coupon_campaign_member (campaign_id, member_id) where outcome is null;`);

    this.addSql(`grant select, insert on insights.coupon_campaign, insights.coupon_campaign_member to loyalty_tenant;`);
    const scoped = `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or scope_id = public.app_merchant_id())`;
    this.addSql(`alter table insights.coupon_campaign enable row level security;`);
    this.addSql(`create policy tenant_isolation on insights.coupon_campaign to loyalty_tenant using (${scoped}) with check (${scoped});`);
    // A member row is visible with its campaign.
    const ofVisibleCampaign = `exists (select 1 from insights.coupon_campaign c where c.id = campaign_id)`;
    this.addSql(`alter table insights.coupon_campaign_member enable row level security;`);
    this.addSql(`create policy tenant_isolation on insights.coupon_campaign_member to loyalty_tenant using (${ofVisibleCampaign}) with check (${ofVisibleCampaign});`);
  }
}
