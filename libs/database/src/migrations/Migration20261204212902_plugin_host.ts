import { Migration } from '@mikro-orm/migrations';

export class Migration20261204212902_plugin_host extends Migration {

  override name = 'Migration20261204212902_plugin_host';

  override up(): void | Promise<void> {
    this.addSql(`create table "plugin_enablement" ("merchant_id" uuid not null, "plugin_id" varchar(255) not null, "tenant_id" uuid not null, "enabled" boolean not null, "settings" jsonb not null, "updated_at" timestamptz not null, "updated_by" varchar(255) not null, primary key ("merchant_id", "plugin_id"));`);
    this.addSql(`create index "plugin_enablement_tenant_id_index" on "plugin_enablement" ("tenant_id");`);

    this.addSql(`create table "plugin_permission_grant" ("staff_id" uuid not null, "plugin_id" varchar(255) not null, "permission" varchar(255) not null, "tenant_id" uuid not null, "merchant_id" uuid not null, "granted_at" timestamptz not null, "granted_by" varchar(255) not null, primary key ("staff_id", "plugin_id", "permission"));`);
    this.addSql(`create index "plugin_permission_grant_tenant_id_index" on "plugin_permission_grant" ("tenant_id");`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop table if exists "plugin_enablement" cascade;`);
    this.addSql(`drop table if exists "plugin_permission_grant" cascade;`);
  }

}
