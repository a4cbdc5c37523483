import { Migration } from '@mikro-orm/migrations';
import { dropCheckStatement } from '../../../database/src/migration-sql';
import { outboxTableStatements } from '../../../events/src/event-tables';

/**
 * 异常监控, continued: high frequency at one store (the till), rules that hold the member's
 * redemptions, and the service's outbox for anomaly.detected.v1 (the members service holds
 * redemptions from it).
 */
export class Migration20261204110000_anomaly_holds extends Migration {
  override up(): void {
    this.addSql(`alter table notifications.activity add column store_id uuid;`);
    this.addSql(`create index activity_store on notifications.activity (store_id, occurred_at) where kind = 'purchase';`);
    this.addSql(`alter table notifications.anomaly_rule
      add column store_frequency_count integer check (store_frequency_count > 1),
      add column store_frequency_window_minutes integer check (store_frequency_window_minutes > 0),
      -- The rules whose hits hold the member's redemptions at the merchant pending review.
      add column hold_rules text[] not null default '{}',
      add constraint anomaly_rule_store_frequency_pair check ((store_frequency_count is null) = (store_frequency_window_minutes is null));`);
    this.addSql(dropCheckStatement('notifications.anomaly', 'REDEEM_AFTER_EARN'));
    this.addSql(`alter table notifications.anomaly add constraint anomaly_rule_known
      check (rule in ('LARGE_AMOUNT', 'HIGH_FREQUENCY', 'STORE_HIGH_FREQUENCY', 'ODD_HOURS', 'REDEEM_AFTER_EARN'));`);
    this.addSql(`alter table notifications.anomaly add column store_id uuid, add column held boolean not null default false;`);
    for (const statement of outboxTableStatements('notifications')) this.addSql(statement);
  }
}
