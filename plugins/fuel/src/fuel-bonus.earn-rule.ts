import { Injectable } from '@nestjs/common';
import type { EarnRuleStrategy, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import type { FuelSettings } from './fuel.plugin';

/** Every purchase earns the merchant's bonus on top of its points. */
@Injectable()
export class FuelBonusEarnRule implements EarnRuleStrategy {
  async points(scope: PluginScope<FuelSettings>, purchases: readonly (PluginPurchase & { points: number })[]): Promise<number[]> {
    return purchases.map((p) => p.points + scope.settings.bonusPointsPerPurchase);
  }
}
