import { Migration } from '@mikro-orm/migrations';

/**
 * Birthday care and level-change notices: what member.registered.v1 tells of the member (the
 * merchant they registered at, who speaks for an alliance-wide level scheme; name and birthday),
 * and each merchant's birthday run per local day.
 */
export class Migration20261204100000_member_profile_care extends Migration {
  override up(): void {
    this.addSql(`alter table notifications.member_contact add column home_merchant_id uuid, add column name text, add column birthday date;`);
    this.addSql(`create index member_contact_birthday on notifications.member_contact (home_merchant_id, (extract(month from birthday)), (extract(day from birthday)))
      where birthday is not null;`);
    // A merchant's birthday greetings of one local day went out (each member's also once per year by its message source).
    this.addSql(`create table notifications.birthday_run (
      merchant_id uuid not null,
      day date not null,
      ran_at timestamptz not null,
      primary key (merchant_id, day)
    );`);
  }
}
