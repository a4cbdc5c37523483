import { Migration } from '@mikro-orm/migrations';

/** The fields of a member's profile a correction cleared, which imports and registrations leave empty. */
export class Migration20261208030942_member_cleared_profile_fields extends Migration {

  override name = 'Migration20261208030942_member_cleared_profile_fields';

  override up(): void | Promise<void> {
    this.addSql(`alter table "member" add "cleared_profile_fields" text[] not null default '{}';`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "member" drop column "cleared_profile_fields";`);
  }

}
