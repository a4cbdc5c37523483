import { Migration } from '@mikro-orm/migrations';

/** The tables the POS write path probes by primary key under row-level security. */
const PROBED = ['member', 'ledger_account', 'ledger_transfer', 'ledger_lot'];

/**
 * No planner statistics for tenant_id in the tables probed by key under row-level security. With
 * them, a tenant missing from the most-common-values list (a new merchant's first import, grown
 * since the last analyze) is estimated at one row when the list covers the table (a database of
 * few tenants), and the planner took the index led by tenant_id, usable through the policy's
 * filter, over the primary key for each key's probe, reading every row of the tenant per key: one
 * import batch's ledger write ran 215 s in a full test run (auto_explain, 2026-12-07), custom and
 * generic plans alike (EXPLAIN). Without them the planner takes any tenant for 0.5% of the table,
 * never cheaper than a key's one row once the table holds 200 rows, and lists of a tenant's rows
 * still use its indexes. ANALYZE then skips the column but keeps what it gathered before: cleared
 * where PostgreSQL can (18 and later, as the table's owner).
 */
export class Migration20261207073000_tenant_id_without_statistics extends Migration {

  override name = 'Migration20261207073000_tenant_id_without_statistics';

  override up(): void | Promise<void> {
    for (const table of PROBED) this.addSql(`alter table "${table}" alter column "tenant_id" set statistics 0;`);
    this.addSql(`do $$ begin
      if exists (select from pg_proc where proname = 'pg_clear_attribute_stats') then
        perform pg_clear_attribute_stats(current_schema(), t, 'tenant_id', false) from unnest(array['${PROBED.join("','")}']) as t;
      end if;
    end $$;`);
  }

  override down(): void | Promise<void> {
    for (const table of PROBED) this.addSql(`alter table "${table}" alter column "tenant_id" set statistics -1;`);
  }

}
