import type { MerchantSettings } from '@loyalty/tenancy';

/** Points for an amount: the merchant's points per whole yuan, rounded down per purchase. */
export function pointsFor(amountFen: number, settings: MerchantSettings): number {
  return Math.floor(amountFen / 100) * settings.earnRule.pointsPerYuan;
}

/** When points earned at `earnedAt` expire: the merchant's months later, same day and time. */
export function expiryFor(earnedAt: Date, settings: MerchantSettings): Date {
  const expires = new Date(earnedAt);
  const day = expires.getUTCDate();
  expires.setUTCDate(1);
  expires.setUTCMonth(expires.getUTCMonth() + settings.pointsExpiryMonths);
  // 31 Jan + 1 month is the last day of February, not 3 March.
  const lastDay = new Date(Date.UTC(expires.getUTCFullYear(), expires.getUTCMonth() + 1, 0)).getUTCDate();
  expires.setUTCDate(Math.min(day, lastDay));
  return expires;
}

/**
 * Points to take back when a purchase's refunded total reaches `refundedFen`: proportional and
 * rounded down, all of them at a full refund. Cumulative, so partial refunds never drift.
 */
export function pointsToReverse(purchase: { amountFen: number; pointsEarned: number; pointsReversed: number }, refundedFen: number): number {
  if (purchase.amountFen === 0) return purchase.pointsEarned - purchase.pointsReversed;
  const target =
    refundedFen >= purchase.amountFen
      ? purchase.pointsEarned
      : Number((BigInt(purchase.pointsEarned) * BigInt(refundedFen)) / BigInt(purchase.amountFen));
  return Math.max(0, target - purchase.pointsReversed);
}
