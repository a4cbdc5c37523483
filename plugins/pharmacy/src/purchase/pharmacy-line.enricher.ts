import { Injectable } from '@nestjs/common';
import type { DomainError, LineAttributes, LineEnricher, PluginPurchase, PluginScope } from '@loyalty/plugin-sdk';
import { enrichLines } from '../domain/medication-line';
import type { PharmacySettings } from '../domain/pharmacy-settings';

/**
 * Checks the pharmacy attributes of each line (医保 share, dose, pack) and records on it the 分 that
 * earn points (`pharmacyEarningFen`); a purchase with attributes it cannot use is refused (400
 * VALIDATION_FAILED, nothing recorded).
 */
@Injectable()
export class PharmacyLineEnricher implements LineEnricher {
  async enrich(scope: PluginScope<PharmacySettings>, purchases: readonly PluginPurchase[]): Promise<(LineAttributes[] | DomainError)[]> {
    return purchases.map((purchase) => enrichLines(purchase.lines, scope.settings));
  }
}
