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

/** A version of a merchant's earn terms: its settings from `effectiveFrom` (null: from the beginning). */
export interface EarnRuleVersion {
  effectiveFrom: Date | null;
  settings: MerchantSettings;
}

/**
 * The settings in force at `at`: the latest version effective by then; before the first change,
 * the version the merchant started with. `versions` in order, the first without `effectiveFrom`.
 */
export function settingsInForce(versions: readonly EarnRuleVersion[], at: Date): MerchantSettings {
  let inForce = versions[0];
  for (const version of versions) if (version.effectiveFrom && version.effectiveFrom <= at) inForce = version;
  return inForce.settings;
}
