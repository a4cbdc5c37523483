import { Injectable } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { type RequestContext, unauthorized } from '@loyalty/shared';
import { parsePosApiKey, secretMatches } from './pos-api-keys';

interface KeyRow {
  id: string;
  tenantId: string;
  merchantId: string;
  storeId: string;
  secretHash: string;
  revokedAt: Date | null;
}

/** How long a verified key is trusted without asking the database again (and so revocation's delay). */
const CACHE_MS = 5_000;

/** Turns an X-Api-Key header into the store's request context. */
@Injectable()
export class PosAuthenticator {
  private readonly cache = new Map<string, { row: KeyRow; until: number }>();

  constructor(private readonly db: Db) {}

  async authenticate(header: string | undefined, correlationId: string): Promise<RequestContext> {
    if (!header) throw unauthorized('X-Api-Key header required');
    const parsed = parsePosApiKey(header);
    if (!parsed) throw unauthorized('Malformed API key');
    const row = await this.lookup(parsed.prefix);
    if (!row || row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) throw unauthorized('Unknown or revoked API key');
    return { tenantId: row.tenantId, merchantId: row.merchantId, storeId: row.storeId, actorId: row.id, roles: ['POS'], correlationId };
  }

  /** Forgets cached keys at once, e.g. after a revocation in this process. */
  forget(prefix?: string): void {
    if (prefix) this.cache.delete(prefix);
    else this.cache.clear();
  }

  private async lookup(prefix: string): Promise<KeyRow | undefined> {
    const cached = this.cache.get(prefix);
    if (cached && cached.until > Date.now()) return cached.row;
    const [row] = await this.db.asSystem((tx) =>
      tx.execute<KeyRow[]>(
        `select id, tenant_id as "tenantId", merchant_id as "merchantId", store_id as "storeId", secret_hash as "secretHash",
                revoked_at as "revokedAt" from pos_api_key where prefix = ?`,
        [prefix],
      ),
    );
    if (row) this.cache.set(prefix, { row, until: Date.now() + CACHE_MS });
    return row;
  }
}
