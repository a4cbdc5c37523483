import { Migration } from '@mikro-orm/migrations';

/** Points a refund gave back from its order's redemption (points.redemption-reversed.v1): daily reports count redemptions net of them. */
export class Migration20261205150000_redemption_reversals extends Migration {
  override up(): void {
    this.addSql(`alter table insights.points_fact drop constraint points_fact_kind_check;`);
    this.addSql(`alter table insights.points_fact add constraint points_fact_kind_check check (kind in ('earned', 'redeemed', 'redemption_reversed', 'reversed', 'expired'));`);
  }
}
