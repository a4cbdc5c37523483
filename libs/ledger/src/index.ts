import { LedgerAccountSchema } from './domain/ledger-account.entity';
import { LedgerLotSchema } from './domain/ledger-lot.entity';
import { LedgerTransferSchema } from './domain/ledger-transfer.entity';
import { LotConsumptionSchema } from './domain/lot-consumption.entity';

export const ledgerEntities = [LedgerAccountSchema, LedgerTransferSchema, LedgerLotSchema, LotConsumptionSchema];
export * from './contracts/ledger.contracts';
export { LedgerModule } from './ledger.module';
export { LedgerService, INSUFFICIENT_FUNDS } from './application/ledger.service';
export { verifyDatabase, verifyLedger, type LedgerViolation } from './application/verify-ledger';
export { LedgerTransferGql } from './api/graphql/ledger.types';
