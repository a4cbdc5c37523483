import type { GradeEarning } from './fuel-settings';

/** Most units (litres, kg, m³) in one fill-up. */
export const MAX_QUANTITY = 10_000;

/**
 * A quantity in the grade's unit as whole thousandths (mL, g, or litres of a m³), or null unless it
 * is above zero, at most MAX_QUANTITY and has at most three decimals: quantities are kept as
 * integers so that sums and limits are exact.
 */
export function quantityMilliOf(quantity: number): number | null {
  if (!Number.isFinite(quantity) || quantity <= 0 || quantity > MAX_QUANTITY) return null;
  const milli = Math.round(quantity * 1000);
  return Math.abs(quantity * 1000 - milli) < 1e-6 ? milli : null;
}

/** n ÷ d rounded half up (四舍五入), for n ≥ 0 and d > 0. */
export const divRoundHalfUp = (n: number, d: number) => Math.floor((2 * n + d) / (2 * d));

/** What a fill-up costs, all in 分. */
export interface FillUpPrice {
  /** 分 off per unit for the member's level, at most the price. */
  discountFenPerUnit: number;
  /** quantity × list price, rounded half up to the 分. */
  grossFen: number;
  /** quantity × discount per unit, rounded half up to the 分. */
  discountFen: number;
  /** What the member pays: gross − discount. */
  amountFen: number;
}

/**
 * The price of `quantityMilli` thousandths of a unit at `priceFen` per unit, less `discountFenPerUnit`:
 * the list amount and the discount are each rounded half up to the 分 (as a receipt shows them),
 * and the amount paid is their difference, so the three always add up.
 */
export function priceFillUp(quantityMilli: number, priceFen: number, discountFenPerUnit: number): FillUpPrice {
  const perUnit = Math.min(discountFenPerUnit, priceFen);
  const grossFen = divRoundHalfUp(quantityMilli * priceFen, 1000);
  const discountFen = divRoundHalfUp(quantityMilli * perUnit, 1000);
  return { discountFenPerUnit: perUnit, grossFen, discountFen, amountFen: grossFen - discountFen };
}

/** A fuel line's points by its grade's earning, rounded down: per unit of quantity, or per 元 of its amount. */
export function gradePoints(earn: GradeEarning, quantityMilli: number, amountFen: number): number {
  return earn.per === 'unit' ? Math.floor((quantityMilli * earn.points) / 1000) : Math.floor((amountFen * earn.points) / 100);
}

/**
 * A purchase's points once its fuel lines earn by their grades: each such line its grade's points, and
 * the rest of the amount its share of the points the merchant's rule gave the whole (rounded down).
 * `earning` holds, per line, its grade's points, or null for a line that earns as before.
 */
export function pointsWithGrades(purchase: { amountFen: number; points: number; lines: readonly { amountFen: number }[] }, earning: readonly (number | null)[]): number {
  if (earning.every((points) => points === null)) return purchase.points;
  const gradedFen = purchase.lines.reduce((sum, line, i) => sum + (earning[i] === null ? 0 : line.amountFen), 0);
  const restFen = Math.max(0, purchase.amountFen - gradedFen);
  const rest = purchase.amountFen === 0 ? 0 : Math.floor((purchase.points * restFen) / purchase.amountFen);
  return rest + earning.reduce<number>((sum, points) => sum + (points ?? 0), 0);
}
