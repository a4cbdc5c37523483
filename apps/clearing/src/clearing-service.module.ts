import { type DynamicModule, Module } from '@nestjs/common';
import { CLEARING_INBOX, CLEARING_OUTBOX_TABLE, CLEARING_SCHEDULE_INTERVAL_MS, ClearingModule, clearingMigrations } from '@loyalty/clearing';
import { HostModule, type HostOptions } from '@loyalty/host';

/** The clearing service: consumes the members service's points events, runs clearing, owns the clearing schema. */
@Module({})
export class ClearingServiceModule {
  static forRoot(options: HostOptions): DynamicModule {
    return {
      module: ClearingServiceModule,
      global: true,
      imports: [HostModule.forRoot(options, { migrations: [clearingMigrations], entities: [], outboxTables: [CLEARING_OUTBOX_TABLE], inboxTables: [CLEARING_INBOX.table] }), ClearingModule],
      providers: [{ provide: CLEARING_SCHEDULE_INTERVAL_MS, useValue: options.config.CLEARING_SCHEDULE_MS }],
      exports: [CLEARING_SCHEDULE_INTERVAL_MS],
    };
  }
}
