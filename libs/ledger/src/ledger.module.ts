import { Module } from '@nestjs/common';
import { TenancyModule } from '@loyalty/tenancy';
import { LedgerResolver } from './api/graphql/ledger.resolver';
import { LedgerService } from './application/ledger.service';
import { ListAccountsHandler, ListTransfersHandler } from './application/queries/ledger.queries';

/** The double-entry ledger for points and stored value. */
@Module({
  imports: [TenancyModule],
  providers: [LedgerService, ListAccountsHandler, ListTransfersHandler, LedgerResolver],
  exports: [LedgerService],
})
export class LedgerModule {}
