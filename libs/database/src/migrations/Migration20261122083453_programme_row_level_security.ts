import { Migration } from '@mikro-orm/migrations';

/** Rows of a merchant's scheme belong to it; a tenant-wide scheme's (merchant_id null) to every merchant of the tenant. */
const SCHEME_SCOPE = 'tenant_id = app_tenant_id() and (merchant_id is null or app_merchant_id() is null or merchant_id = app_merchant_id())';
/** What levels are measured by is shared across the tenant, as the members are. */
const TENANT_SCOPE = 'tenant_id = app_tenant_id()';
const TABLES: Record<string, string> = {
  level_scheme: SCHEME_SCOPE,
  member_level: SCHEME_SCOPE,
  member_level_change: SCHEME_SCOPE,
  qualifying_spend: TENANT_SCOPE,
  growth_award: TENANT_SCOPE,
};

/** Tenant isolation for the membership programme's tables, as for the core's. */
export class Migration20261122083453_programme_row_level_security extends Migration {
  override up(): void {
    for (const [table, condition] of Object.entries(TABLES)) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${condition}) with check (${condition});`);
    }
  }
}
