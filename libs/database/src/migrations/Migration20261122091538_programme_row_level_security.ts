import { Migration } from '@mikro-orm/migrations';

/** A merchant's own rows; alliance operators (no merchant set) see all of the tenant's. */
export const MERCHANT_SCOPE = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';
/** Rows of a merchant's level scheme belong to it; a tenant-wide scheme's (merchant_id null) to every merchant of the tenant. */
const SCHEME_SCOPE = 'tenant_id = app_tenant_id() and (merchant_id is null or app_merchant_id() is null or merchant_id = app_merchant_id())';
/** Shared across the tenant, as the members are: what levels are measured by, share codes. */
const TENANT_SCOPE = 'tenant_id = app_tenant_id()';

const TABLES: Record<string, string> = {
  level_scheme: SCHEME_SCOPE,
  member_level: SCHEME_SCOPE,
  member_level_change: SCHEME_SCOPE,
  qualifying_spend: TENANT_SCOPE,
  growth_award: TENANT_SCOPE,
  stored_value_plan: MERCHANT_SCOPE,
  stored_value_recharge: MERCHANT_SCOPE,
  stored_value_bonus_release: MERCHANT_SCOPE,
  stored_value_payment: MERCHANT_SCOPE,
  coupon_template: MERCHANT_SCOPE,
  coupon: MERCHANT_SCOPE,
  coupon_rule: MERCHANT_SCOPE,
  promotion: MERCHANT_SCOPE,
  card_type: MERCHANT_SCOPE,
  member_card: MERCHANT_SCOPE,
  card_purchase: MERCHANT_SCOPE,
  referral_program: MERCHANT_SCOPE,
  referral: MERCHANT_SCOPE,
  referral_code: TENANT_SCOPE,
  checkout_policy: MERCHANT_SCOPE,
  checkout_quote: MERCHANT_SCOPE,
  visit_card_product: MERCHANT_SCOPE,
  visit_card: MERCHANT_SCOPE,
  visit_card_use: MERCHANT_SCOPE,
};

/** Tenant isolation for the membership programme's tables, as Migration20261122000002 does for the core's. */
export class Migration20261122091538_programme_row_level_security extends Migration {
  override up(): void {
    for (const [table, condition] of Object.entries(TABLES)) for (const sql of tenantIsolation(table, condition)) this.addSql(sql);
  }
}

/** The statements that confine a table to its tenant's rows by `condition`. */
export function tenantIsolation(table: string, condition: string): string[] {
  return [
    `alter table "${table}" enable row level security;`,
    `create policy tenant_isolation on "${table}" to loyalty_tenant using (${condition}) with check (${condition});`,
  ];
}
