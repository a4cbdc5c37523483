import { randomBytes, timingSafeEqual } from 'node:crypto';
import { sha256Hex } from '@loyalty/shared';

/** `pos_<prefix>_<secret>`: the prefix finds the row, only the secret's hash is stored. */
export function generatePosApiKey(): { key: string; prefix: string; secretHash: string } {
  const prefix = randomBytes(6).toString('hex');
  const secret = randomBytes(24).toString('base64url');
  return { key: `pos_${prefix}_${secret}`, prefix, secretHash: sha256Hex(secret) };
}

export function parsePosApiKey(key: string): { prefix: string; secret: string } | undefined {
  const match = /^pos_([0-9a-f]{12})_([A-Za-z0-9_-]{32})$/.exec(key.trim());
  return match ? { prefix: match[1], secret: match[2] } : undefined;
}

export function secretMatches(secret: string, secretHash: string): boolean {
  const a = Buffer.from(sha256Hex(secret), 'hex');
  const b = Buffer.from(secretHash, 'hex');
  return a.length === b.length && timingSafeEqual(a, b);
}
