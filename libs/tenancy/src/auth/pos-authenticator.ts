import { Injectable } from '@nestjs/common';
import { Db } from '@loyalty/database';
import { CONFIG_CACHE_MS, ExpiringCache, type RequestContext, unauthorized } from '@loyalty/shared';
import { parsePosApiKey, secretMatches } from './pos-api-keys';

interface KeyRow {
  id: string;
  tenantId: string;
  merchantId: string;
  storeId: string;
  secretHash: string;
  revokedAt: Date | null;
}

/**
 * Turns an X-Api-Key header into the store's request context. A key's row is read at most once per
 * CONFIG_CACHE_MS (so a revocation made by another instance applies within that time; one made here
 * at once), by one look-up however many requests arrive while it runs.
 */
@Injectable()
export class PosAuthenticator {
  private readonly keys = new ExpiringCache<string, KeyRow>(CONFIG_CACHE_MS);

  constructor(private readonly db: Db) {}

  async authenticate(header: string | undefined, correlationId: string): Promise<RequestContext> {
    if (!header) throw unauthorized('X-Api-Key header required');
    const parsed = parsePosApiKey(header);
    if (!parsed) throw unauthorized('Malformed API key');
    const row = await this.keys.get(parsed.prefix, () => this.lookup(parsed.prefix));
    if (row.revokedAt || !secretMatches(parsed.secret, row.secretHash)) throw unknownOrRevoked();
    return { tenantId: row.tenantId, merchantId: row.merchantId, storeId: row.storeId, actorId: row.id, roles: ['POS'], correlationId };
  }

  /** Forgets cached keys at once, e.g. after a revocation in this process. */
  forget(prefix?: string): void {
    this.keys.forget(prefix);
  }

  /** The key's row; a prefix no key has is refused, not cached (guessed prefixes must not fill the cache). */
  private async lookup(prefix: string): Promise<KeyRow> {
    const [row] = await this.db.asSystem((tx) =>
      tx.execute<KeyRow[]>(
        `select id, tenant_id as "tenantId", merchant_id as "merchantId", store_id as "storeId", secret_hash as "secretHash",
                revoked_at as "revokedAt" from pos_api_key where prefix = ?`,
        [prefix],
      ),
    );
    if (!row) throw unknownOrRevoked();
    return row;
  }
}

const unknownOrRevoked = () => unauthorized('Unknown or revoked API key');
