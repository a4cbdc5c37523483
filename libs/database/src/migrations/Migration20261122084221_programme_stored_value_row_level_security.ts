import { Migration } from '@mikro-orm/migrations';

/** A merchant's stored-value plan, recharges, bonus releases and balance payments are its own. */
const MERCHANT_SCOPE = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';
const TABLES = ['stored_value_plan', 'stored_value_recharge', 'stored_value_bonus_release', 'stored_value_payment'];

export class Migration20261122084221_programme_stored_value_row_level_security extends Migration {
  override up(): void {
    for (const table of TABLES) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${MERCHANT_SCOPE}) with check (${MERCHANT_SCOPE});`);
    }
  }
}
