import { Migration } from '@mikro-orm/migrations';

/**
 * A redemption given back by a refund (points.redemption-reversed.v1) is activity of its own:
 * cleared in the redemption's period (or as an adjustment when that period is closed), it takes
 * back the redeeming merchant's reimbursement and gives back the operator's commission on it.
 */
export class Migration20261205140000_redemption_reversals extends Migration {
  override up(): void {
    this.addSql(`alter table clearing.activity drop constraint activity_kind_check;`);
    this.addSql(`alter table clearing.activity add constraint activity_kind_check check (kind in ('ISSUED', 'REVERSED', 'REDEEMED', 'REDEMPTION_REVERSED', 'EXPIRED'));`);
    this.addSql(`alter table clearing.run_line drop constraint run_line_item_check;`);
    this.addSql(`alter table clearing.run_line add constraint run_line_item_check
      check (item in ('ISSUANCE', 'ISSUANCE_REVERSAL', 'REDEMPTION', 'REDEMPTION_REVERSAL', 'COMMISSION', 'BREAKAGE'));`);
  }
}
