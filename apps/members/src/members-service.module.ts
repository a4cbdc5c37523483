import { type DynamicModule, Module } from '@nestjs/common';
import { coreMigrations } from '@loyalty/database';
import { CORE_OUTBOX_TABLE } from '@loyalty/events';
import { HostModule, type HostOptions } from '@loyalty/host';
import { LedgerModule } from '@loyalty/ledger';
import { coreEntities, LoyaltyModule, POINTS_EXPIRY_INTERVAL_MS } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { TenancyModule } from '@loyalty/tenancy';

/** The members service: the loyalty core (tenancy, members, ledger, POS API), owning the public schema. */
@Module({})
export class MembersServiceModule {
  static forRoot(options: HostOptions): DynamicModule {
    return {
      module: MembersServiceModule,
      global: true,
      imports: [
        HostModule.forRoot(options, { migrations: [coreMigrations], entities: coreEntities, outboxTables: [CORE_OUTBOX_TABLE] }),
        TenancyModule,
        LedgerModule,
        MembersModule,
        LoyaltyModule,
      ],
      providers: [{ provide: POINTS_EXPIRY_INTERVAL_MS, useValue: options.config.EXPIRY_SWEEP_MS }],
      exports: [POINTS_EXPIRY_INTERVAL_MS],
    };
  }
}
