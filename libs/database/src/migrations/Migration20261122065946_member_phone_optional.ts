import { Migration } from '@mikro-orm/migrations';

export class Migration20261122065946_member_phone_optional extends Migration {

  override name = 'Migration20261122065946_member_phone_optional';

  override up(): void | Promise<void> {
    this.addSql(`alter table "member" alter column "phone" drop not null;`);
  }

  override down(): void | Promise<void> {
    this.addSql(`alter table "member" alter column "phone" set not null;`);
  }

}
