import { types } from 'pg';

/**
 * Points and 分 live in bigint columns but stay far below 2^53, so they are read as exact numbers.
 * A value that would lose precision fails loudly instead of rounding.
 */
types.setTypeParser(types.builtins.INT8, (value: string) => {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new RangeError(`int8 value ${value} exceeds the safe integer range`);
  return n;
});
