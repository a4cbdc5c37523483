import { Migration } from '@mikro-orm/migrations';

/** Triggers are the registry's (the core's and plugins'): templates are checked against it, not a fixed list. */
export class Migration20261204090000_notification_triggers extends Migration {
  override up(): void {
    this.addSql(`alter table notifications.template drop constraint template_trigger_check;`);
  }
}
