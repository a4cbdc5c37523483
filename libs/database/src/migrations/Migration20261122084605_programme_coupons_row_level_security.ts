import { Migration } from '@mikro-orm/migrations';

/** A merchant's coupon templates and the coupons it issued are its own. */
const MERCHANT_SCOPE = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';

export class Migration20261122084605_programme_coupons_row_level_security extends Migration {
  override up(): void {
    for (const table of ['coupon_template', 'coupon']) {
      this.addSql(`alter table "${table}" enable row level security;`);
      this.addSql(`create policy tenant_isolation on "${table}" to loyalty_tenant using (${MERCHANT_SCOPE}) with check (${MERCHANT_SCOPE});`);
    }
  }
}
