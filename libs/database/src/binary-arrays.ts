/**
 * One-dimensional PostgreSQL arrays in the binary format of the wire protocol (array_recv), for the
 * batch statements' columns (`unnestRows`). The text form cost PostgreSQL a parse of every element
 * and the API a string of about twice the bytes (a uuid is 16 bytes here, 39 characters there).
 */

/** An array parameter already in PostgreSQL's binary format; see LoyaltyPostgreSqlConnection. */
export class BinaryArray {
  constructor(readonly bytes: Buffer) {}
}

const ELEMENT_OIDS = { bool: 16, int8: 20, int4: 23, text: 25, jsonb: 3802, date: 1082, timestamptz: 1184, uuid: 2950 } as const;
export type BinaryArrayType = keyof typeof ELEMENT_OIDS;

/** Milliseconds from the Unix epoch to PostgreSQL's (2000-01-01 UTC). */
const PG_EPOCH_MS = Date.UTC(2000, 0, 1);
const DAY_MS = 86_400_000;
const TWO_32 = 4_294_967_296;

const HEX = new Int8Array(128).fill(-1);
for (let i = 0; i < 16; i++) {
  HEX['0123456789abcdef'.charCodeAt(i)] = i;
  HEX['0123456789ABCDEF'.charCodeAt(i)] = i;
}

/** Bytes of an element of each fixed-width type. */
const WIDTHS: Partial<Record<BinaryArrayType, number>> = { uuid: 16, int8: 8, int4: 4, bool: 1, timestamptz: 8, date: 4 };

/**
 * Encodes `values` (null elements allowed) as an array of `type`, the way `pgArray` would read them.
 * Written into one buffer sized first: a buffer per element cost more than the encoding itself.
 */
export function encodeBinaryArray(type: BinaryArrayType, values: readonly unknown[]): BinaryArray {
  const width = WIDTHS[type];
  // Variable-width elements (text, jsonb) as text first, to size the buffer.
  const texts = width === undefined ? values.map((value) => (value === null || value === undefined ? null : variableText(type, value))) : undefined;
  const lengths = new Int32Array(values.length);
  let size = 20;
  let hasNull = false;
  for (let i = 0; i < values.length; i++) {
    const value = values[i];
    if (value === null || value === undefined) {
      lengths[i] = -1;
      hasNull = true;
    } else {
      // jsonb's binary format (version 1) is a version byte, then the JSON text.
      lengths[i] = width ?? Buffer.byteLength(texts![i]!, 'utf8') + (type === 'jsonb' ? 1 : 0);
      size += lengths[i];
    }
    size += 4;
  }
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(hasNull ? 1 : 0, 4);
  out.writeInt32BE(ELEMENT_OIDS[type], 8);
  out.writeInt32BE(values.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (let i = 0; i < values.length; i++) {
    out.writeInt32BE(lengths[i], at);
    at += 4;
    if (lengths[i] < 0) continue;
    if (texts) {
      let from = at;
      if (type === 'jsonb') out[from++] = 1;
      out.write(texts[i]!, from, 'utf8');
    } else {
      writeFixed(type, values[i], out, at);
    }
    at += lengths[i];
  }
  return new BinaryArray(out);
}

function variableText(type: BinaryArrayType, value: unknown): string {
  return type === 'jsonb' && typeof value !== 'string' ? JSON.stringify(value) : textOf(value);
}

/** Writes a fixed-width element at `at` (WIDTHS[type] bytes). */
function writeFixed(type: BinaryArrayType, value: unknown, out: Buffer, at: number): void {
  switch (type) {
    case 'uuid':
      return writeUuid(String(value), out, at);
    case 'int8':
      return writeInt8(value, out, at);
    case 'int4': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw invalid(type, value);
      out.writeInt32BE(n, at);
      return;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw invalid(type, value);
      out[at] = value ? 1 : 0;
      return;
    case 'timestamptz':
      return writeInt8((instantOf(type, value) - PG_EPOCH_MS) * 1000, out, at);
    case 'date':
      out.writeInt32BE(Math.floor((dateOf(value) - PG_EPOCH_MS) / DAY_MS), at);
      return;
    default:
      throw new Error(`${type} has no fixed width`);
  }
}

/** As `pgArray`'s text: dates as ISO 8601, objects as JSON. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function writeUuid(text: string, out: Buffer, at: number): void {
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 45 /* - */ && (i === 8 || i === 13 || i === 18 || i === 23)) continue;
    const high = HEX[code] ?? -1;
    const low = HEX[text.charCodeAt(++i)] ?? -1;
    if (high < 0 || low < 0 || byte === 16) throw invalid('uuid', text);
    out[at + byte++] = (high << 4) | low;
  }
  if (byte !== 16) throw invalid('uuid', text);
}

function writeInt8(value: unknown, out: Buffer, at: number): void {
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    // Two 32-bit halves: exact for every safe integer, negative ones in two's complement.
    const high = Math.floor(value / TWO_32);
    out.writeInt32BE(high, at);
    out.writeUInt32BE(value - high * TWO_32, at + 4);
    return;
  }
  if (typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
    out.writeBigInt64BE(BigInt(value), at);
    return;
  }
  throw invalid('int8', value);
}

function instantOf(type: BinaryArrayType, value: unknown): number {
  const ms = value instanceof Date ? value.getTime() : typeof value === 'string' ? Date.parse(value) : NaN;
  if (!Number.isFinite(ms)) throw invalid(type, value);
  return ms;
}

/** A calendar date: 'YYYY-MM-DD', or a Date's UTC day (the date part of its ISO 8601 text). */
function dateOf(value: unknown): number {
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value)) return Date.parse(`${value}T00:00:00Z`);
  return instantOf('date', value);
}

function invalid(type: BinaryArrayType, value: unknown): Error {
  return new TypeError(`Not a ${type} array element: ${String(value).slice(0, 100)}`);
}
