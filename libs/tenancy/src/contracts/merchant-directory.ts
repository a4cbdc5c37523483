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

/** What other contexts may ask about a merchant, inside their own transaction. */
@Injectable()
export class MerchantDirectory {
  async get(tx: Tx, merchantId: string): Promise<MerchantProfile> {
    const merchant = await tx.findOne(MerchantSchema, { id: merchantId });
    if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
    return {
      id: merchant.id,
      tenantId: merchant.tenantId,
      timezone: merchant.timezone,
      settings: { ...DEFAULT_MERCHANT_SETTINGS, ...merchant.settings },
    };
  }
}
