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

/** Encodes `values` (null elements allowed) as an array of `type`, the way `pgArray` would read them. */
export function encodeBinaryArray(type: BinaryArrayType, values: readonly unknown[]): BinaryArray {
  const elements = values.map((value) => (value === null || value === undefined ? null : encodeElement(type, value)));
  let size = 20;
  for (const element of elements) size += 4 + (element?.length ?? 0);
  const out = Buffer.allocUnsafe(size);
  out.writeInt32BE(1, 0); // dimensions
  out.writeInt32BE(elements.includes(null) ? 1 : 0, 4);
  out.writeInt32BE(ELEMENT_OIDS[type], 8);
  out.writeInt32BE(elements.length, 12);
  out.writeInt32BE(1, 16); // lower bound
  let at = 20;
  for (const element of elements) {
    if (element === null) {
      out.writeInt32BE(-1, at);
      at += 4;
    } else {
      out.writeInt32BE(element.length, at);
      at += 4 + element.copy(out, at + 4);
    }
  }
  return new BinaryArray(out);
}

function encodeElement(type: BinaryArrayType, value: unknown): Buffer {
  switch (type) {
    case 'uuid':
      return uuidBytes(String(value));
    case 'int8':
      return int8Bytes(value);
    case 'int4': {
      const n = Number(value);
      if (!Number.isInteger(n) || n < -(2 ** 31) || n >= 2 ** 31) throw invalid(type, value);
      const out = Buffer.allocUnsafe(4);
      out.writeInt32BE(n, 0);
      return out;
    }
    case 'bool':
      if (typeof value !== 'boolean') throw invalid(type, value);
      return Buffer.from([value ? 1 : 0]);
    case 'text':
      return Buffer.from(textOf(value), 'utf8');
    case 'jsonb':
      // Version 1 of the jsonb binary format is the JSON text after a version byte.
      return Buffer.concat([JSONB_VERSION, Buffer.from(typeof value === 'string' ? value : JSON.stringify(value), 'utf8')]);
    case 'timestamptz':
      return int8Bytes((instantOf(type, value) - PG_EPOCH_MS) * 1000);
    case 'date': {
      const out = Buffer.allocUnsafe(4);
      out.writeInt32BE(Math.floor((dateOf(value) - PG_EPOCH_MS) / DAY_MS), 0);
      return out;
    }
  }
}

const JSONB_VERSION = Buffer.from([1]);

/** As `pgArray`'s text: dates as ISO 8601, objects as JSON. */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

function uuidBytes(text: string): Buffer {
  const out = Buffer.allocUnsafe(16);
  let byte = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 45 /* - */ && (i === 8 || i === 13 || i === 18 || i === 23)) continue;
    const high = HEX[code] ?? -1;
    const low = HEX[text.charCodeAt(++i)] ?? -1;
    if (high < 0 || low < 0 || byte === 16) throw invalid('uuid', text);
    out[byte++] = (high << 4) | low;
  }
  if (byte !== 16) throw invalid('uuid', text);
  return out;
}

function int8Bytes(value: unknown): Buffer {
  const out = Buffer.allocUnsafe(8);
  if (typeof value === 'number' && Number.isSafeInteger(value)) {
    // Two 32-bit halves: exact for every safe integer, negative ones in two's complement.
    const high = Math.floor(value / TWO_32);
    out.writeInt32BE(high, 0);
    out.writeUInt32BE(value - high * TWO_32, 4);
    return out;
  }
  if (typeof value === 'bigint' || (typeof value === 'string' && /^-?\d+$/.test(value))) {
    out.writeBigInt64BE(BigInt(value), 0);
    return out;
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
