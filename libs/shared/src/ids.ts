import { createHash } from 'node:crypto';
import { v5 as uuidV5, v7 as uuidV7, validate } from 'uuid';

/** Time-ordered ids keep B-tree inserts local. */
export const newId = (): string => uuidV7();

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
