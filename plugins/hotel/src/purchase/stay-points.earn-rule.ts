import { Injectable } from '@nestjs/common';
import { type EarnRuleStrategy, includingLevel, type LevelInclusivePoints, type PluginPurchase, type PluginScope } from '@loyalty/plugin-sdk';
import { POINTS_ATTRIBUTE } from './stay-charge.enricher';

/**
 * 住宿积分: a stay charge earns the points its endpoint set (per night or per yuan at the member's
 * level), final — the programme's level multiplier is not applied on top, or a 金卡's 150 a night
 * would become 225. Every other purchase keeps its points (and its level multiplier).
 */
@Injectable()
export class StayPointsEarnRule implements EarnRuleStrategy {
  async points(_scope: PluginScope, purchases: readonly (PluginPurchase & { points: number })[]): Promise<(number | LevelInclusivePoints)[]> {
    return purchases.map((purchase) => {
      const charged = purchase.lines.find((line) => line.attributes[POINTS_ATTRIBUTE] !== undefined);
      return charged ? includingLevel(Number(charged.attributes[POINTS_ATTRIBUTE])) : purchase.points;
    });
  }
}
