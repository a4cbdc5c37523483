import { Migration } from '@mikro-orm/migrations';

/**
 * Levels measure spend from qualifying_spend, which purchases write from now on: the purchases
 * recorded before the programme count too, net of what was refunded of them.
 */
export class Migration20261122091539_programme_qualifying_spend_backfill extends Migration {
  override up(): void {
    this.addSql(`insert into qualifying_spend (id, tenant_id, merchant_id, member_id, amount_fen, refunded_fen, occurred_at)
      select id, tenant_id, merchant_id, member_id, amount_fen, refunded_fen, occurred_at from purchase on conflict (id) do nothing;`);
  }
}
