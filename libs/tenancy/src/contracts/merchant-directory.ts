import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { notFound } from '@loyalty/shared';
import { MerchantSchema } from '../domain/merchant.entity';
import { DEFAULT_MERCHANT_SETTINGS, type MerchantSettings } from '../domain/merchant-settings';

export interface MerchantProfile {
  id: string;
  tenantId: string;
  timezone: string;
  settings: MerchantSettings;
}

/** How long a merchant's settings are used without reading them again (other instances' changes). */
const CACHE_MS = 5_000;

/**
 * What other contexts may ask about a merchant, inside their own transaction. Read on every POS
 * write, so kept for a few seconds; a change made in this process applies at once.
 */
@Injectable()
export class MerchantDirectory {
  private readonly cache = new Map<string, { profile: MerchantProfile; until: number }>();

  async get(tx: Tx, merchantId: string): Promise<MerchantProfile> {
    const cached = this.cache.get(merchantId);
    if (cached && cached.until > Date.now()) return cached.profile;
    const merchant = await tx.findOne(MerchantSchema, { id: merchantId });
    if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
    const profile = {
      id: merchant.id,
      tenantId: merchant.tenantId,
      timezone: merchant.timezone,
      settings: { ...DEFAULT_MERCHANT_SETTINGS, ...merchant.settings },
    };
    this.cache.set(merchantId, { profile, until: Date.now() + CACHE_MS });
    return profile;
  }

  forget(merchantId: string): void {
    this.cache.delete(merchantId);
  }
}
