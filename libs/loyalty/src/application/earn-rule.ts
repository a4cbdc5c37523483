import { addMonthsInZone, mulDivFloor } from '@loyalty/shared';
import type { MerchantSettings } from '@loyalty/tenancy';

/** Points for an amount: the merchant's points per whole yuan, rounded down per purchase. */
export function pointsFor(amountFen: number, settings: MerchantSettings): number {
  return Math.floor(amountFen / 100) * settings.earnRule.pointsPerYuan;
}

/** When points earned at `earnedAt` expire: the merchant's months later, same local day and time. */
export function expiryFor(earnedAt: Date, settings: MerchantSettings, timeZone: string): Date {
  return addMonthsInZone(earnedAt, settings.pointsExpiryMonths, timeZone);
}

/**
 * Points to take back when a purchase's refunded total reaches `refundedFen`: proportional and
 * rounded down, all of them at a full refund. Cumulative, so partial refunds never drift.
 */
export function pointsToReverse(purchase: { amountFen: number; pointsEarned: number; pointsReversed: number }, refundedFen: number): number {
  const target = refundedFen >= purchase.amountFen ? purchase.pointsEarned : mulDivFloor(purchase.pointsEarned, refundedFen, purchase.amountFen);
  return Math.max(0, target - purchase.pointsReversed);
}
