import { type DynamicModule, Module } from '@nestjs/common';
import { HostModule, type HostOptions } from '@loyalty/host';
import { SETTLEMENT_INBOX, SettlementModule, settlementMigrations } from '@loyalty/settlement';

/** The settlement service: consumes closed clearing runs, keeps statements and payments, owns the settlement schema. */
@Module({})
export class SettlementServiceModule {
  static forRoot(options: HostOptions): DynamicModule {
    return {
      module: SettlementServiceModule,
      imports: [HostModule.forRoot(options, { migrations: [settlementMigrations], entities: [], outboxTables: [], inboxTables: [SETTLEMENT_INBOX.table] }), SettlementModule],
    };
  }
}
