import { QueryOrder } from '@mikro-orm/core';
import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { CONFIG_CACHE_MS, ExpiringCache, notFound } from '@loyalty/shared';
import { MerchantEarnRuleSchema } from '../domain/merchant-earn-rule.entity';
import { MerchantSchema } from '../domain/merchant.entity';
import { type EarnRuleVersion, type MerchantSettings, settingsInForce } from '../domain/merchant-settings';

export interface MerchantProfile {
  id: string;
  tenantId: string;
  timezone: string;
  /** The earn rule's versions in order, the first from the beginning. */
  earnRules: EarnRuleVersion[];
}

/** The settings in force at a moment: what a purchase made then earns by. */
export function merchantSettingsAt(merchant: MerchantProfile, at: Date): MerchantSettings {
  return settingsInForce(merchant.earnRules, at);
}

/**
 * What other contexts may ask about a merchant, inside their own transaction. Read on every POS
 * write, so kept for a few seconds; a change made in this process applies at once.
 */
@Injectable()
export class MerchantDirectory {
  private readonly cache = new ExpiringCache<string, MerchantProfile>(CONFIG_CACHE_MS);

  get(tx: Tx, merchantId: string): Promise<MerchantProfile> {
    return this.cache.get(merchantId, async () => {
      const merchant = await tx.findOne(MerchantSchema, { id: merchantId });
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const earnRules = await earnRuleVersions(tx, merchant.id);
      return {
        id: merchant.id,
        tenantId: merchant.tenantId,
        timezone: merchant.timezone,
        earnRules,
      };
    });
  }

  forget(merchantId: string): void {
    this.cache.forget(merchantId);
  }
}

/** A merchant's earn rule versions, oldest first (every merchant has its first from its creation). */
export async function earnRuleVersions(tx: Tx, merchantId: string): Promise<EarnRuleVersion[]> {
  return (await earnRuleHistories(tx, [merchantId])).get(merchantId) ?? [];
}

/** The earn rule versions of each of these merchants (that the transaction may see), oldest first. */
export async function earnRuleHistories(tx: Tx, merchantIds: readonly string[]): Promise<Map<string, EarnRuleVersion[]>> {
  const rows = await tx.find(MerchantEarnRuleSchema, { merchantId: { $in: [...merchantIds] } }, { orderBy: { effectiveFrom: QueryOrder.ASC_NULLS_FIRST } });
  const histories = new Map<string, EarnRuleVersion[]>();
  for (const row of rows) {
    const history = histories.get(row.merchantId) ?? [];
    history.push({ effectiveFrom: row.effectiveFrom ?? null, settings: { earnRule: { pointsPerYuan: row.pointsPerYuan }, pointsExpiryMonths: row.pointsExpiryMonths } });
    histories.set(row.merchantId, history);
  }
  return histories;
}
