import { z } from 'zod';

/** Per-merchant loyalty settings; validated on every write. */
export const merchantSettingsSchema = z.object({
  earnRule: z
    .object({
      /** Points per whole yuan paid, per purchase, rounded down (default 1 per ¥1). */
      pointsPerYuan: z.number().int().min(0).max(1000),
    })
    .default({ pointsPerYuan: 1 }),
  /** Points expire this many months after the purchase that earned them (default 12). */
  pointsExpiryMonths: z.number().int().min(1).max(120).default(12),
});

export type MerchantSettings = z.infer<typeof merchantSettingsSchema>;

export const DEFAULT_MERCHANT_SETTINGS: MerchantSettings = merchantSettingsSchema.parse({});
