/** Money is integer 分 (fen, 1/100 yuan); points are whole points. No floats past the edge. */
export const MAX_AMOUNT = 1_000_000_000_00; // ¥1,000,000,000.00: far above any real bill, far below 2^53.

/** floor(a * b / c) on integers without floating-point error. */
export function mulDivFloor(a: number, b: number, c: number): number {
  return Number((BigInt(a) * BigInt(b)) / BigInt(c));
}

/** 分 as yuan text with two decimals: 12805 → "128.05", -5 → "-0.05". */
export function formatYuan(fen: number): string {
  return `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
}
