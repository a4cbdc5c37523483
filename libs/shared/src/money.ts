/** Money is integer 分 (fen, 1/100 yuan); points are whole points. No floats past the edge. */
export const MAX_AMOUNT = 1_000_000_000_00; // ¥1,000,000,000.00: far above any real bill, far below 2^53.

export function assertSafeAmount(value: number, field: string): void {
  if (!Number.isSafeInteger(value) || value < 0 || value > MAX_AMOUNT) {
    throw new RangeError(`${field} must be an integer between 0 and ${MAX_AMOUNT}`);
  }
}

/** floor(a * b / c) on integers without floating-point error. */
export function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}
