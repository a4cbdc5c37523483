import { Migration } from '@mikro-orm/migrations';
import { tenantRoleStatements } from '../tenant-role';

/** Tables every merchant of a tenant shares (the member identity and its accounts). */
const TENANT_TABLES = ['ledger_lot', 'ledger_lot_consumption', 'outbox_event'];
/** Tables whose rows belong to one merchant; alliance operators (no merchant set) see all. */
const MERCHANT_TABLES = ['store', 'pos_api_key', 'purchase', 'purchase_return', 'member_external_ref', 'idempotency_record'];
/** Tables where a null merchant_id means tenant-wide (member accounts, expiry transfers). */
const OPTIONAL_MERCHANT_TABLES = ['ledger_account', 'ledger_transfer', 'staff'];

/**
 * Tenant isolation in the database: tenant work runs as role loyalty_tenant with app.tenant_id and
 * app.merchant_id set per transaction, and these policies decide what it may see and write.
 */
export class Migration20261122000002_row_level_security extends Migration {
  override up(): void {
    for (const statement of tenantRoleStatements) this.addSql(statement);
    this.addSql(`grant usage on schema public to loyalty_tenant;`);
    this.addSql(`grant select, insert, update, delete on all tables in schema public to loyalty_tenant;`);
    this.addSql(`alter default privileges in schema public grant select, insert, update, delete on tables to loyalty_tenant;`);

    const enable = (table: string, condition: string) => {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${condition}) with check (${condition});`);
    };
    // Store clerks (app.store_id set) see only the members registered at their store.
    enable('member', 'tenant_id = app_tenant_id() and (app_store_id() is null or registered_store_id = app_store_id())');
    enable('alliance', 'id = app_tenant_id()');
    enable('merchant', 'tenant_id = app_tenant_id() and (app_merchant_id() is null or id = app_merchant_id())');
    for (const table of TENANT_TABLES) enable(table, 'tenant_id = app_tenant_id()');
    for (const table of MERCHANT_TABLES) {
      enable(table, 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())');
    }
    for (const table of OPTIONAL_MERCHANT_TABLES) {
      enable(table, 'tenant_id = app_tenant_id() and (merchant_id is null or app_merchant_id() is null or merchant_id = app_merchant_id())');
    }
    // The inbox is consumer bookkeeping, never tenant data.
    this.addSql(`revoke all on inbox_event from loyalty_tenant;`);
  }
}
