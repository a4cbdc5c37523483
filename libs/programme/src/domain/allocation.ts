import { mulDivFloor } from '@loyalty/shared';

/** A line of an order as the till sends it. */
export interface CheckoutLine {
  sku: string;
  name?: string;
  quantity: number;
  amountFen: number;
}

/**
 * Splits `total` over lines in proportion to `weights`, rounded down, the 分 left over going one
 * each to the lines with the largest remainders (ties: the earlier line). Never more than a weight.
 */
export function allocate(total: number, weights: number[]): number[] {
  const sum = weights.reduce((a, b) => a + b, 0);
  if (total === 0 || sum === 0) return weights.map(() => 0);
  const shares = weights.map((w) => mulDivFloor(total, w, sum));
  const remainders = weights.map((w, i) => ({ i, r: (BigInt(total) * BigInt(w)) % BigInt(sum) }));
  remainders.sort((a, b) => (a.r === b.r ? a.i - b.i : a.r > b.r ? -1 : 1));
  let left = total - shares.reduce((a, b) => a + b, 0);
  for (const { i } of remainders) {
    if (left === 0) break;
    shares[i]++;
    left--;
  }
  return shares;
}
