/** Who is acting, for which tenant: the first argument of every use case. */
export type Role = 'PLATFORM_ADMIN' | 'ALLIANCE_OPERATOR' | 'MERCHANT_ADMIN' | 'STORE_STAFF' | 'POS';

export const ROLES: readonly Role[] = ['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF', 'POS'];

export interface RequestContext {
  /**
   * The member scope: an alliance id, or a standalone merchant's own id. Null only for a platform
   * admin acting outside any tenant.
   */
  readonly tenantId: string | null;
  /** Null for alliance operators and platform admins: they see every merchant of the tenant. */
  readonly merchantId: string | null;
  readonly storeId: string | null;
  /** Staff id, or the POS API key id. */
  readonly actorId: string;
  readonly roles: readonly Role[];
  readonly correlationId: string;
}

/** Context for work the platform does on its own behalf (jobs, seed, relays). */
export function systemContext(correlationId: string): RequestContext {
  return { tenantId: null, merchantId: null, storeId: null, actorId: 'system', roles: ['PLATFORM_ADMIN'], correlationId };
}
