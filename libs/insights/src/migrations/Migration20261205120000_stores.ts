import { Migration } from '@mikro-orm/migrations';

/**
 * The merchants' stores (store.created.v1), so each store's closed day gets its own report
 * (insights.store-daily-report.v1) for the store's report address, sales or none.
 */
export class Migration20261205120000_stores extends Migration {
  override up(): void {
    this.addSql(`create table insights.store (
      id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      name text not null,
      created_at timestamptz not null
    );`);
    this.addSql(`create index store_merchant on insights.store (merchant_id);`);
  }
}
