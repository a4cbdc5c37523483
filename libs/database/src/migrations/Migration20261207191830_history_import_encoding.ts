import { Migration } from '@mikro-orm/migrations';

/** The encoding a history import's file was read in (GB18030 for what Excel saves on Chinese Windows); none on earlier jobs. */
export class Migration20261207191830_history_import_encoding extends Migration {

  override name = 'Migration20261207191830_history_import_encoding';

  override up(): void | Promise<void> {
    this.addSql(`alter table "history_import_job" add "encoding" varchar(255) null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "history_import_job" drop column "encoding";`);
  }

}
