import { IdempotencyRecordSchema } from '@loyalty/database';
import { eventEntities } from '@loyalty/events';
import { ledgerEntities } from '@loyalty/ledger';
import { loyaltyEntities } from '@loyalty/loyalty';
import { memberEntities } from '@loyalty/members';
import { programmeEntities } from '@loyalty/programme';
import { tenancyEntities } from '@loyalty/tenancy';

/** Every table of the loyalty core, for the ORM and the migration generator. */
export const platformEntities = [
  ...tenancyEntities,
  ...memberEntities,
  ...ledgerEntities,
  ...loyaltyEntities,
  ...programmeEntities,
  ...eventEntities,
  IdempotencyRecordSchema,
];
