import { Migration } from '@mikro-orm/migrations';

/** A merchant's own rows; alliance operators (no merchant set) see all of the tenant's. */
const MERCHANT_SCOPE = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';

/** Tenant isolation for the plugin host's tables: which plugins a merchant has on, and who holds plugin permissions. */
export class Migration20261204212903_plugin_host_row_level_security extends Migration {
  override up(): void {
    for (const table of ['plugin_enablement', 'plugin_permission_grant']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${MERCHANT_SCOPE}) with check (${MERCHANT_SCOPE});`);
    }
  }
}
