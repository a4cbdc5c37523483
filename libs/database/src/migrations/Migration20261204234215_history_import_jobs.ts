import { Migration } from '@mikro-orm/migrations';

/** History imports started from the console, with their progress; a merchant's staff see their merchant's. */
export class Migration20261204234215_history_import_jobs extends Migration {

  override name = 'Migration20261204234215_history_import_jobs';

  override up(): void | Promise<void> {
    this.addSql(`create table "history_import_job" ("id" uuid not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "store_id" uuid not null, "file_name" varchar(255) null, "status" varchar(255) not null, "phase" varchar(255) not null, "rows_total" int not null, "rows_read" int not null, "invoices_total" int not null, "invoices_done" int not null, "purchases" int not null, "returns" int not null, "members_created" int not null, "already_imported" int not null, "skipped" jsonb not null, "refused" jsonb not null, "errors" jsonb not null, "error_code" varchar(255) null, "error_message" text null, "created_by" varchar(255) not null, "created_at" timestamptz not null, "heartbeat_at" timestamptz not null, "finished_at" timestamptz null, primary key ("id"));`);
    this.addSql(`create index "history_import_job_merchant" on "history_import_job" ("merchant_id", "created_at");`);

    this.addSql(`alter table "history_import_job" add constraint "history_import_job_status" check (status in ('running', 'succeeded', 'failed'));`);

    const scope = 'tenant_id = app_tenant_id() and (app_merchant_id() is null or merchant_id = app_merchant_id())';
    this.addSql(`alter table "history_import_job" enable row level security;`);
    this.addSql(`create policy tenant_isolation on "history_import_job" to loyalty_tenant using (${scope}) with check (${scope});`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "history_import_job" cascade;`);
  }

}
