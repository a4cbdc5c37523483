import { Injectable } from '@nestjs/common';
import type { EarnRuleStrategy, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import { gradePointsOfLines } from '../domain/fuel-line';
import { pointsWithGrades } from '../domain/fuel-pricing';
import type { FuelSettings } from '../domain/fuel-settings';

/**
 * 按油品积分: a fuel line of a grade with its own earning earns per unit or per 元 by the settings;
 * the rest of the purchase keeps its share of the merchant's points. These are points before level
 * multipliers: the membership programme multiplies them by the member's level afterwards.
 */
@Injectable()
export class FuelEarnRule implements EarnRuleStrategy {
  async points(scope: PluginScope<FuelSettings>, purchases: readonly (PluginPurchase & { points: number })[]): Promise<number[]> {
    return purchases.map((purchase) => pointsWithGrades(purchase, gradePointsOfLines(purchase.lines, scope.settings)));
  }
}
