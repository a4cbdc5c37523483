import { type DynamicModule, Module } from '@nestjs/common';
import { CLEARING_INBOX, ClearingModule, CLEARING_OUTBOX_TABLE, CLEARING_SCHEDULE_INTERVAL_MS, clearingMigrations } from '@loyalty/clearing';
import { coreMigrations } from '@loyalty/database';
import { CORE_INBOX_TABLE, CORE_OUTBOX_TABLE } from '@loyalty/events';
import { HostModule, type HostOptions } from '@loyalty/host';
import { INSIGHTS_INBOX, INSIGHTS_OUTBOX_TABLE, INSIGHTS_SCHEDULE, InsightsModule, insightsMigrations } from '@loyalty/insights';
import { LedgerModule } from '@loyalty/ledger';
import { HISTORY_IMPORT_OPTIONS, LoyaltyModule, POINTS_EXPIRY_OPTIONS } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { PluginHostModule } from '@loyalty/plugin-host';
import { NOTIFICATIONS_INBOX, NOTIFICATIONS_OPTIONS, NOTIFICATIONS_OUTBOX_TABLE, NotificationsModule, notificationsMigrations, notificationsOptionsOf } from '@loyalty/notifications';
import { ProgrammeModule } from '@loyalty/programme';
import { SETTLEMENT_INBOX, SettlementModule, settlementMigrations } from '@loyalty/settlement';
import { TenancyModule } from '@loyalty/tenancy';
import { membersServiceEntities } from '../../members/src/members-service.entities';
import { configuredPlugins } from '../../members/src/shipped-plugins';

export type PlatformOptions = HostOptions;

/**
 * The all-in-one platform: the members service (the loyalty core, the membership programme and the industry plugins), the clearing service and the
 * settlement service in one process, their events going through the in-process transport (or Kafka
 * when KAFKA_BROKERS is set), one GraphQL endpoint for all.
 */
@Module({})
export class PlatformModule {
  static forRoot(options: PlatformOptions): DynamicModule {
    return {
      module: PlatformModule,
      global: true,
      imports: [
        HostModule.forRoot(options, {
          migrations: [coreMigrations, clearingMigrations, settlementMigrations, insightsMigrations, notificationsMigrations],
          entities: membersServiceEntities,
          outboxTables: [CORE_OUTBOX_TABLE, CLEARING_OUTBOX_TABLE, INSIGHTS_OUTBOX_TABLE, NOTIFICATIONS_OUTBOX_TABLE],
          inboxTables: [CORE_INBOX_TABLE, CLEARING_INBOX.table, INSIGHTS_INBOX.table, NOTIFICATIONS_INBOX.table, SETTLEMENT_INBOX.table],
        }),
        TenancyModule,
        LedgerModule,
        MembersModule,
        LoyaltyModule,
        ProgrammeModule,
        PluginHostModule.forRoot(configuredPlugins(options.config)),
        ClearingModule,
        SettlementModule,
        InsightsModule,
        NotificationsModule,
      ],
      providers: [
        { provide: POINTS_EXPIRY_OPTIONS, useValue: { intervalMs: options.config.EXPIRY_SWEEP_MS } },
        { provide: HISTORY_IMPORT_OPTIONS, useValue: { stallAfterMs: options.config.IMPORT_STALL_MS } },
        { provide: CLEARING_SCHEDULE_INTERVAL_MS, useValue: options.config.CLEARING_SCHEDULE_MS },
        { provide: INSIGHTS_SCHEDULE, useValue: { intervalMs: options.config.RFM_SCHEDULE_MS, fullRefreshMs: options.config.RFM_FULL_REFRESH_MS } },
        { provide: NOTIFICATIONS_OPTIONS, useValue: notificationsOptionsOf(options.config) },
      ],
      exports: [POINTS_EXPIRY_OPTIONS, HISTORY_IMPORT_OPTIONS, CLEARING_SCHEDULE_INTERVAL_MS, INSIGHTS_SCHEDULE, NOTIFICATIONS_OPTIONS],
    };
  }
}
