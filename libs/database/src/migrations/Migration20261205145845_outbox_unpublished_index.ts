import { Migration } from '@mikro-orm/migrations';

/**
 * The core outbox's index covers only unpublished rows, in the relay's order, like the other
 * schemas' outboxes: the old one held every row ever written, and each row marked published added
 * an entry. Building it reads the whole table once (writes to it wait meanwhile); deleting old
 * published rows first makes that short on a large outbox.
 */
export class Migration20261205145845_outbox_unpublished_index extends Migration {

  override name = 'Migration20261205145845_outbox_unpublished_index';

  override up(): void | Promise<void> {
    this.addSql(`create index "outbox_event_unpublished" on "outbox_event" ("created_at", "id") where "published_at" is null;`);
    this.addSql(`drop index "outbox_event_published_at_created_at_index";`);
  }

  override down(): void | Promise<void> {
    this.addSql(`drop index "outbox_event_unpublished";`);
    this.addSql(`create index "outbox_event_published_at_created_at_index" on "outbox_event" ("published_at", "created_at");`);
  }

}
