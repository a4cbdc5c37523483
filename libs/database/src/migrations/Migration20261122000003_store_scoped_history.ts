import { Migration } from '@mikro-orm/migrations';

const MERCHANT_SCOPE = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';
const TABLES: Record<string, string> = {
  purchase: MERCHANT_SCOPE,
  purchase_return: MERCHANT_SCOPE,
  ledger_transfer: 'tenant_id = app_tenant_id() and (merchant_id is null or app_merchant_id() is null or merchant_id = app_merchant_id())',
};

/** A store clerk (app.store_id set) sees the purchases, returns and transfers of their own store. */
export class Migration20261122000003_store_scoped_history extends Migration {
  override up(): void {
    for (const [table, scope] of Object.entries(TABLES)) {
      const condition = `${scope} and (app_store_id() is null or store_id = app_store_id())`;
      this.addSql(`drop policy tenant_isolation on "${table}";`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${condition}) with check (${condition});`);
    }
  }
}
