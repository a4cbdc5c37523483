import { Migration } from '@mikro-orm/migrations';

/** How many of a history import's customers found a member by their phone (0 on earlier jobs, which read no phones). */
export class Migration20261207222702_history_import_members_matched extends Migration {

  override name = 'Migration20261207222702_history_import_members_matched';

  override up(): void | Promise<void> {
    this.addSql(`alter table "history_import_job" add "members_matched" int not null default 0;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "history_import_job" drop column "members_matched";`);
  }

}
