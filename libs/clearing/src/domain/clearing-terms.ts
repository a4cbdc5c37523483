import type { ClearingLineItem, ClearingLineV1 } from '@loyalty/events';
import { badRequest, mulDivFloor } from '@loyalty/shared';

/** Prices per point are kept in 1/10000 分, so 0.0125 分 a point is exactly 125. */
export const PRICE_SCALE = 10_000;
/** Commission and breakage shares in basis points (1/10000). */
export const BPS_SCALE = 10_000;

/** "0.5" 分 → 5000; at most four decimals, never a float on the way. */
export function parsePricePerPoint(field: string, value: string): number {
  const match = /^(\d{1,9})(?:\.(\d{1,4}))?$/.exec(value);
  if (!match) throw badRequest('VALIDATION_FAILED', `${field} must be 分 per point with at most 4 decimals, e.g. "0.5"`, { field, value });
  return Number(match[1]) * PRICE_SCALE + Number((match[2] ?? '').padEnd(4, '0'));
}

/** 5000 → "0.5" */
export function formatPricePerPoint(e4: number): string {
  const whole = Math.floor(e4 / PRICE_SCALE);
  const fraction = String(e4 % PRICE_SCALE).padStart(4, '0').replace(/0+$/, '');
  return fraction ? `${whole}.${fraction}` : String(whole);
}

/** A participant's contract terms for a span of time (clearing.contract_term). */
export interface ContractTerms {
  id: string;
  participantId: string;
  effectiveFrom: Date;
  effectiveTo: Date | null;
  issuePriceE4: number;
  redemptionRateE4: number;
  commissionBps: number;
  breakageShareBps: number;
  /** The agreed exchange: `ownPointsPerUnit` of the participant's own points are worth `alliancePointsPerUnit` alliance points. */
  ownPointsPerUnit: number;
  alliancePointsPerUnit: number;
}

export type ActivityKind = 'ISSUED' | 'REVERSED' | 'REDEEMED' | 'REDEMPTION_REVERSED' | 'EXPIRED';

/** Points of one kind a participant moved under one contract term, summed by the run's query. */
export interface ActivityTotal {
  participantId: string;
  termId: string;
  kind: ActivityKind;
  adjustment: boolean;
  /** Alliance points (a participant's own-currency reports are exchanged when recorded). */
  points: number;
}

export interface ValuedLine extends ClearingLineV1 {
  participantId: string;
}

/** −n without a −0 (which would compare unequal to 0 in JSON-free checks). */
const negate = (n: number) => (n === 0 ? 0 : -n);

const ITEM_OF: Record<ActivityKind, ClearingLineItem> = {
  ISSUED: 'ISSUANCE',
  REVERSED: 'ISSUANCE_REVERSAL',
  REDEEMED: 'REDEMPTION',
  REDEMPTION_REVERSED: 'REDEMPTION_REVERSAL',
  EXPIRED: 'BREAKAGE',
};

/**
 * Money for a participant's activity, from its side: it pays for points it issues (less those
 * reversed), is reimbursed for points redeemed at it less the operator's commission (both undone
 * for redemptions a refund gave back), and gets its
 * share of the value of its issued points that expired unused. Each line is rounded down in 分 once
 * (the operator's lines absorb the remainders), so every line is an integer and the run sums to zero.
 */
export function valueActivity(total: ActivityTotal, terms: ContractTerms): ValuedLine[] {
  const points = total.points;
  const base = { participantId: total.participantId, adjustment: total.adjustment, points, item: ITEM_OF[total.kind] };
  const atIssuePrice = mulDivFloor(points, terms.issuePriceE4, PRICE_SCALE);
  switch (total.kind) {
    case 'ISSUED':
      return [{ ...base, amountFen: negate(atIssuePrice) }];
    case 'REVERSED':
      return [{ ...base, amountFen: atIssuePrice }];
    case 'EXPIRED':
      return [{ ...base, amountFen: mulDivFloor(atIssuePrice, terms.breakageShareBps, BPS_SCALE) }];
    case 'REDEEMED':
    case 'REDEMPTION_REVERSED': {
      const reimbursed = mulDivFloor(points, terms.redemptionRateE4, PRICE_SCALE);
      const commission = mulDivFloor(reimbursed, terms.commissionBps, BPS_SCALE);
      const undone = total.kind === 'REDEMPTION_REVERSED';
      return [
        { ...base, amountFen: undone ? negate(reimbursed) : reimbursed },
        { ...base, item: 'COMMISSION', points: undone ? -points : points, amountFen: undone ? commission : negate(commission) },
      ];
    }
  }
}

/** A participant's own points in alliance points, at the agreed rate, rounded down. */
export function toAlliancePoints(ownPoints: number, terms: Pick<ContractTerms, 'ownPointsPerUnit' | 'alliancePointsPerUnit'>): number {
  return mulDivFloor(ownPoints, terms.alliancePointsPerUnit, terms.ownPointsPerUnit);
}

/** Lines with the same participant, item and adjustment flag added together (several terms in one period). */
export function mergeLines(lines: ValuedLine[]): ValuedLine[] {
  const merged = new Map<string, ValuedLine>();
  for (const line of lines) {
    const key = `${line.participantId}|${line.item}|${line.adjustment}`;
    const into = merged.get(key);
    if (into) {
      into.points += line.points;
      into.amountFen += line.amountFen;
    } else merged.set(key, { ...line });
  }
  return [...merged.values()];
}

/** The operator's side: each item the negation of what all participants booked, so the run sums to zero. */
export function operatorLines(participantLines: ValuedLine[]): ClearingLineV1[] {
  const byItem = new Map<string, ClearingLineV1>();
  for (const line of participantLines) {
    const key = `${line.item}|${line.adjustment}`;
    const into = byItem.get(key) ?? { item: line.item, adjustment: line.adjustment, points: 0, amountFen: 0 };
    into.points += line.points;
    into.amountFen -= line.amountFen;
    byItem.set(key, into);
  }
  return [...byItem.values()].map((line) => ({ ...line, amountFen: line.amountFen === 0 ? 0 : line.amountFen }));
}
