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
    // Stores opened before this release: their store.created.v1 was consumed before the table was
    // here. Copied once from the tenancy context's table where it shares the database (the platform).
    this.addSql(`do $$ begin
      if to_regclass('public.store') is not null then
        insert into insights.store (id, tenant_id, merchant_id, name, created_at) select id, tenant_id, merchant_id, name, created_at from public.store on conflict (id) do nothing;
      end if;
    end $$;`);
  }
}
