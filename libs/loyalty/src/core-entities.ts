import { IdempotencyRecordSchema } from '@loyalty/database';
import { eventEntities } from '@loyalty/events';
import { ledgerEntities } from '@loyalty/ledger';
import { memberEntities } from '@loyalty/members';
import { programmeEntities } from '@loyalty/programme';
import { tenancyEntities } from '@loyalty/tenancy';
import { HistoryImportJobSchema } from './domain/history-import-job.entity';
import { PurchaseReturnSchema } from './domain/purchase-return.entity';
import { PurchaseSchema } from './domain/purchase.entity';
import { RedemptionHoldSchema } from './domain/redemption-hold.entity';
import { StoreDailySalesSchema } from './domain/store-daily-sales.entity';

/**
 * Every table of the loyalty core (the members service, public schema): for its ORM and the
 * migration generator.
 */
export const coreEntities = [
  ...tenancyEntities,
  ...memberEntities,
  ...ledgerEntities,
  PurchaseSchema,
  PurchaseReturnSchema,
  RedemptionHoldSchema,
  StoreDailySalesSchema,
  HistoryImportJobSchema,
  ...eventEntities,
  IdempotencyRecordSchema,
];
