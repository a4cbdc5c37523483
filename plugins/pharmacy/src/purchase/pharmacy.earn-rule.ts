import { Injectable } from '@nestjs/common';
import type { EarnRuleStrategy, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import { pointsAfterExclusions } from '../domain/medication-line';

/** 积分排除: prescription drugs (or the merchant's excluded categories) and the 医保-paid part earn no points. */
@Injectable()
export class PharmacyEarnRule implements EarnRuleStrategy {
  async points(_scope: PluginScope, purchases: readonly (PluginPurchase & { points: number })[]): Promise<number[]> {
    return purchases.map(pointsAfterExclusions);
  }
}
