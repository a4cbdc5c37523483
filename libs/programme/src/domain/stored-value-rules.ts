import { unprocessable } from '@loyalty/shared';
import { z } from 'zod';

/** Which part of the balance a payment takes first: principal (本金优先), bonus, or both in proportion. */
export const SPEND_ORDERS = ['PRINCIPAL_FIRST', 'BONUS_FIRST', 'PROPORTIONAL'] as const;
export type SpendOrder = (typeof SPEND_ORDERS)[number];

/** When a recharge's bonus reaches the member: at once, or in equal monthly parts (按月返还). */
export const BONUS_RELEASES = ['IMMEDIATE', 'MONTHLY'] as const;

const fen = z.number().int('must be an integer number of fen (分)').min(0).max(1_000_000_000_00);

export const bonusTierSchema = z
  .object({
    /** Paying at least this (分)… */
    minPayFen: fen.min(1),
    /** …gives this bonus (分): pay 100 get 20 is { minPayFen: 10000, bonusFen: 2000 }. */
    bonusFen: fen,
    release: z.enum(BONUS_RELEASES).default('IMMEDIATE'),
    /** MONTHLY only: the number of monthly parts, the first at the recharge. */
    months: z.number().int().min(2).max(36).optional(),
  })
  .refine((t) => (t.release === 'MONTHLY') === (t.months !== undefined), { message: 'months is required for MONTHLY release and only for it', path: ['months'] });
export type BonusTier = z.infer<typeof bonusTierSchema>;

export const storedValuePlanInput = z.object({
  merchantId: z.uuid(),
  spendOrder: z.enum(SPEND_ORDERS).default('PRINCIPAL_FIRST'),
  bonusTiers: z.array(bonusTierSchema).max(20).default([]),
});
export type StoredValuePlanInput = z.infer<typeof storedValuePlanInput>;

/** Tiers must name distinct amounts, and a bigger recharge must never earn a smaller bonus. */
export function checkStoredValuePlan(plan: StoredValuePlanInput): void {
  const tiers = [...plan.bonusTiers].sort((a, b) => a.minPayFen - b.minPayFen);
  for (let i = 1; i < tiers.length; i++) {
    if (tiers[i].minPayFen === tiers[i - 1].minPayFen) throw unprocessable('BONUS_TIER_REPEATED', `Two bonus tiers start at ${tiers[i].minPayFen} 分`);
    if (tiers[i].bonusFen < tiers[i - 1].bonusFen) {
      throw unprocessable('BONUS_TIERS_DECREASING', `Paying ${tiers[i].minPayFen} 分 would give less bonus than paying ${tiers[i - 1].minPayFen} 分`);
    }
  }
  // A bonus at most the payment keeps refunds whole: the bonus forfeited never exceeds the principal returned.
  const excessive = tiers.find((t) => t.bonusFen > t.minPayFen);
  if (excessive) throw unprocessable('BONUS_TOO_LARGE', `A bonus of ${excessive.bonusFen} 分 on ${excessive.minPayFen} 分 is more than the payment`);
}

/** The tier a recharge falls in: the highest whose minimum it reaches. */
export function bonusTierFor(tiers: BonusTier[], paidFen: number): BonusTier | undefined {
  return tiers.filter((t) => t.minPayFen <= paidFen).sort((a, b) => b.minPayFen - a.minPayFen)[0];
}

/** A monthly bonus in parts: equal, rounded down, the remainder in the first part. */
export function monthlyParts(bonusFen: number, months: number): number[] {
  const part = Math.floor(bonusFen / months);
  return Array.from({ length: months }, (_, i) => (i === 0 ? bonusFen - part * (months - 1) : part));
}

/** How much of a payment comes from principal and how much from bonus, given both balances. */
export function splitPayment(amountFen: number, principalFen: number, bonusFen: number, order: SpendOrder): { principal: number; bonus: number } {
  if (amountFen > principalFen + bonusFen) throw unprocessable('INSUFFICIENT_BALANCE', 'The member’s stored value does not cover this payment', { availableFen: principalFen + bonusFen, requestedFen: amountFen });
  if (order === 'PRINCIPAL_FIRST') {
    const principal = Math.min(amountFen, principalFen);
    return { principal, bonus: amountFen - principal };
  }
  if (order === 'BONUS_FIRST') {
    const bonus = Math.min(amountFen, bonusFen);
    return { principal: amountFen - bonus, bonus };
  }
  // In proportion to the balances, rounded in the principal's favour, never more than either holds.
  const bonus = Math.min(bonusFen, Math.floor((amountFen * bonusFen) / (principalFen + bonusFen)));
  const principal = amountFen - bonus;
  return principal > principalFen ? { principal: principalFen, bonus: amountFen - principalFen } : { principal, bonus };
}

/**
 * Of a payment refunded up to `refundedTotalFen`, the principal to have returned: in the payment's
 * own proportion, rounded down, cumulatively (a full refund returns exactly what was paid).
 */
export function principalRefunded(payment: { amountFen: number; principalFen: number }, refundedTotalFen: number): number {
  if (refundedTotalFen >= payment.amountFen) return payment.principalFen;
  return Number((BigInt(payment.principalFen) * BigInt(refundedTotalFen)) / BigInt(payment.amountFen));
}

/**
 * What a refund of an order (payment or recharge) takes: the amount asked, or all that is left of
 * it. Refused when the order is refunded in full already, or when more is asked than is left.
 */
export function refundAmount(order: { totalFen: number; refundedFen: number; kind: 'payment' | 'recharge' }, requestedFen: number | undefined): number {
  const refundable = order.totalFen - order.refundedFen;
  if (refundable === 0) throw unprocessable('ORDER_ALREADY_REFUNDED', `This ${order.kind} has been refunded in full`);
  const amount = requestedFen ?? refundable;
  if (amount > refundable) {
    throw unprocessable(`REFUND_EXCEEDS_${order.kind.toUpperCase()}`, `At most ${refundable} 分 of this ${order.kind} can still be refunded`, { refundableFen: refundable });
  }
  return amount;
}
