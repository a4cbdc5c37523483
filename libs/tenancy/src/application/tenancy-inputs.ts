import { z } from 'zod';
import { isoDateTimeSchema, timeZoneSchema } from '@loyalty/shared';
import { merchantSettingsSchema } from '../domain/merchant-settings';
import { STAFF_ROLES } from '../domain/staff.entity';
import { STORE_KINDS } from '../domain/store.entity';

const name = z.string().trim().min(1, 'must not be empty').max(200);
const timezone = timeZoneSchema;

export const createAllianceInput = z.object({ name, timezone: timezone.default('Asia/Shanghai') });
export const createMerchantInput = z.object({
  name,
  industry: z.string().trim().min(1).max(50),
  allianceId: z.uuid().nullish(),
  timezone: timezone.default('Asia/Shanghai'),
  settings: merchantSettingsSchema.default(merchantSettingsSchema.parse({})),
});
/** A partial change: fields left out keep their current value. */
export const updateMerchantSettingsInput = z.object({
  merchantId: z.uuid(),
  settings: z.object({
    earnRule: z.object({ pointsPerYuan: z.number().int().min(0).max(1000) }).optional(),
    pointsExpiryMonths: z.number().int().min(1).max(120).optional(),
  }),
  /** When the change takes effect: now by default, or earlier (history not yet imported); never later. */
  effectiveFrom: isoDateTimeSchema.refine((value) => Date.parse(value) <= Date.now(), 'must not be in the future').optional(),
});
export const createStoreInput = z.object({ merchantId: z.uuid(), name, kind: z.enum(STORE_KINDS) });
export const createStaffInput = z.object({
  email: z.email().transform((e) => e.toLowerCase()),
  name,
  password: z.string().min(10, 'must be at least 10 characters').max(200),
  role: z.enum(STAFF_ROLES),
  merchantId: z.uuid().nullish(),
  storeId: z.uuid().nullish(),
  allianceId: z.uuid().nullish(),
});
export const issuePosApiKeyInput = z.object({ storeId: z.uuid(), name: name.default('POS') });
