import { Migration } from '@mikro-orm/migrations';

/**
 * An alliance speaks too: its operator gets the alliance's daily report. It is kept with the
 * merchants (its id the alliance's, learned from merchant.created.v1), so templates, the staff
 * e-mail and the composer treat it as one more sender.
 */
export class Migration20261204130000_alliance_reports extends Migration {
  override up(): void {
    this.addSql(`alter table notifications.merchant add column kind text not null default 'merchant' check (kind in ('merchant', 'alliance'));`);
    // Alliances known so far: an alliance's merchants are its tenant's; their events did not name it.
    this.addSql(`insert into notifications.merchant (id, tenant_id, name, time_zone, kind)
      select distinct tenant_id, tenant_id, '商家联盟', 'Asia/Shanghai', 'alliance' from notifications.merchant where tenant_id <> id
      on conflict (id) do nothing;`);
  }
}
