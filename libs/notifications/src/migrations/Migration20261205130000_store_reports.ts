import { Migration } from '@mikro-orm/migrations';

/**
 * A store's daily report goes to the store's own address (its manager's), set by the merchant
 * admin; stores are learned from store.created.v1. A report e-mail carries its CSV: kept with the
 * message, so a retry sends the same file.
 */
export class Migration20261205130000_store_reports extends Migration {
  override up(): void {
    this.addSql(`create table notifications.store (
      id uuid primary key,
      tenant_id uuid not null,
      merchant_id uuid not null,
      name text not null,
      report_email text
    );`);
    this.addSql(`create index store_merchant on notifications.store (merchant_id);`);
    // Stores opened before this release (their store.created.v1 came before the table): copied once
    // from the tenancy context's table where it shares the database (the platform).
    this.addSql(`do $$ begin
      if to_regclass('public.store') is not null then
        insert into notifications.store (id, tenant_id, merchant_id, name) select id, tenant_id, merchant_id, name from public.store on conflict (id) do nothing;
      end if;
    end $$;`);
    this.addSql(`grant select, update on notifications.store to loyalty_tenant;`);
    this.addSql(`alter table notifications.store enable row level security;`);
    const merchantSees = `tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or merchant_id = public.app_merchant_id())`;
    this.addSql(`create policy tenant_isolation on notifications.store to loyalty_tenant using (${merchantSees}) with check (${merchantSees});`);
    // { filename, contentType, content (base64) }: an e-mail's attachment.
    this.addSql(`alter table notifications.message add column attachment jsonb;`);
  }
}
