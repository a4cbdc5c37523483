import { createHash, randomFillSync } from 'node:crypto';
import { v5 as uuidV5, validate } from 'uuid';

// Random bytes are drawn a page at a time: one call for the system's randomness per id (as the
// uuid package makes) was a tenth of the history import's own CPU.
const random = Buffer.alloc(4096);
let randomAt = random.length;
let lastMillis = 0;
let sequence = 0;

/**
 * A UUIDv7 (RFC 9562): milliseconds since the epoch, then a 12-bit counter that keeps ids of one
 * millisecond in order (method 1), then 62 random bits. Time-ordered ids keep B-tree inserts local.
 */
export function newId(): string {
  if (randomAt + 10 > random.length) {
    randomFillSync(random);
    randomAt = 0;
  }
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    // A fresh counter starts in its lower half, so a busy millisecond does not run over.
    sequence = random.readUInt16BE(randomAt) & 0x7ff;
  } else if (++sequence > 0xfff) {
    lastMillis++;
    sequence = 0;
  }
  randomAt += 2;
  const time = lastMillis.toString(16).padStart(12, '0');
  const variant = ((random[randomAt] & 0x3f) | 0x80).toString(16);
  const tail = random.toString('hex', randomAt + 1, randomAt + 8);
  randomAt += 8;
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${variant}${tail.slice(0, 2)}-${tail.slice(2)}`;
}

/** The smallest UUIDv7 of a moment: every id `newId` made before it sorts below (ranges of ids by age). */
export function uuidV7Floor(at: Date): string {
  const time = Math.max(0, at.getTime()).toString(16).padStart(12, '0');
  return `${time.slice(0, 8)}-${time.slice(8)}-7000-8000-000000000000`;
}

const NAMESPACE = '6f1d5a2c-3b7e-4c1a-9d2e-8a4b5c6d7e8f';

/** A stable id derived from parts: the same idempotency key always yields the same transfer id. */
export const derivedId = (...parts: string[]): string => uuidV5(parts.join('\u0000'), NAMESPACE);

export const isUuid = (value: string): boolean => validate(value);

export const sha256Hex = (value: string): string => createHash('sha256').update(value).digest('hex');

/** JSON with sorted keys, so equal bodies hash equally whatever the key order. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}
