import { type DynamicModule, Module } from '@nestjs/common';
import { coreMigrations } from '@loyalty/database';
import { CORE_INBOX_TABLE, CORE_OUTBOX_TABLE } from '@loyalty/events';
import { HostModule, type HostOptions } from '@loyalty/host';
import { LedgerModule } from '@loyalty/ledger';
import { HISTORY_IMPORT_OPTIONS, LoyaltyModule, POINTS_EXPIRY_OPTIONS } from '@loyalty/loyalty';
import { MembersModule } from '@loyalty/members';
import { PluginHostModule } from '@loyalty/plugin-host';
import { ProgrammeModule } from '@loyalty/programme';
import { TenancyModule } from '@loyalty/tenancy';
import { membersServiceEntities } from './members-service.entities';
import { configuredPlugins } from './shipped-plugins';

/** The members service: the loyalty core (tenancy, members, ledger, POS API), the membership programme and the industry plugins, owning the public schema. */
@Module({})
export class MembersServiceModule {
  static forRoot(options: HostOptions): DynamicModule {
    return {
      module: MembersServiceModule,
      global: true,
      imports: [
        HostModule.forRoot(options, { migrations: [coreMigrations], entities: membersServiceEntities, outboxTables: [CORE_OUTBOX_TABLE], inboxTables: [CORE_INBOX_TABLE] }),
        TenancyModule,
        LedgerModule,
        MembersModule,
        LoyaltyModule,
        ProgrammeModule,
        PluginHostModule.forRoot(configuredPlugins(options.config)),
      ],
      providers: [
        { provide: POINTS_EXPIRY_OPTIONS, useValue: { intervalMs: options.config.EXPIRY_SWEEP_MS } },
        { provide: HISTORY_IMPORT_OPTIONS, useValue: { stallAfterMs: options.config.IMPORT_STALL_MS } },
      ],
      exports: [POINTS_EXPIRY_OPTIONS, HISTORY_IMPORT_OPTIONS],
    };
  }
}
