import type { Db, Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';
import { requireRole } from '@loyalty/tenancy';

/**
 * Runs a change to a merchant's programme configuration: by its merchant admin (for their own
 * merchant only) or the alliance operator, inside the tenant, once the merchant is found there.
 */
export function configureMerchant<T>(db: Db, ctx: RequestContext, merchantId: string, work: (tx: Tx) => Promise<T>): Promise<T> {
  requireRole(ctx, 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
  if (ctx.merchantId && ctx.merchantId !== merchantId) throw forbidden('Merchant admins configure their own merchant only');
  return db.inTenant(ctx, async (tx) => {
    const [merchant] = await tx.execute<{ id: string }[]>('select id from merchant where id = ?', [merchantId]);
    if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
    return work(tx);
  });
}
