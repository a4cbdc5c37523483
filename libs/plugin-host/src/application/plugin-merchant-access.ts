import type { Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';

/**
 * The merchant a staff request acts for in a plugin: a merchant's staff (admin or clerk) their own;
 * an alliance operator or platform admin names one (row-level security hides other tenants').
 * Runs in a transaction of the caller (or as the platform for a platform admin).
 */
export async function merchantFor(tx: Tx, ctx: RequestContext, merchantId: string | null | undefined): Promise<{ id: string; tenantId: string }> {
  if (ctx.merchantId) {
    if (merchantId && merchantId !== ctx.merchantId) throw forbidden("A merchant's staff act for their own merchant only");
    merchantId = ctx.merchantId;
  }
  if (!merchantId) throw forbidden('Name the merchant (merchantId)');
  const [merchant] = await tx.execute<{ id: string; tenantId: string }[]>('select id, tenant_id as "tenantId" from merchant where id = ?', [merchantId]);
  if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
  return merchant;
}
