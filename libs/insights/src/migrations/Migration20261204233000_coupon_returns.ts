import { Migration } from '@mikro-orm/migrations';
import { dropCheckStatement } from '../../../database/src/migration-sql';

/** Coupons given back by a full refund (coupon.returned.v1) are facts too: the report's uses are net of them. */
export class Migration20261204233000_coupon_returns extends Migration {
  override up(): void {
    this.addSql(dropCheckStatement('insights.coupon_fact', 'issued'));
    this.addSql(`alter table insights.coupon_fact add constraint coupon_fact_kind check (kind in ('issued', 'used', 'returned'));`);
  }
}
