import { Injectable } from '@nestjs/common';
import type { DomainError, LineAttributes, LineEnricher, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import { enrichFuelLines } from '../domain/fuel-line';
import type { FuelSettings } from '../domain/fuel-settings';

/** Checks each fuel line's grade (sold here) and quantity (at most three decimals), and records the quantity in thousandths. */
@Injectable()
export class FuelLineEnricher implements LineEnricher {
  async enrich(scope: PluginScope<FuelSettings>, purchases: readonly PluginPurchase[]): Promise<(LineAttributes[] | DomainError)[]> {
    return purchases.map((purchase) => enrichFuelLines(purchase.lines, scope.settings));
  }
}
