import type { Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';

/**
 * The merchant whose notifications a request manages: a merchant admin's own; an alliance operator
 * names one, or none for the alliance's own (its daily report); a platform admin names one
 * (row-level security hides other tenants' merchants).
 */
export async function resolveMerchant(tx: Tx, ctx: RequestContext, merchantId: string | null | undefined): Promise<{ id: string; tenantId: string }> {
  if (ctx.roles.includes('MERCHANT_ADMIN')) {
    if (merchantId && merchantId !== ctx.merchantId) throw forbidden("A merchant's staff manage their own merchant's notifications only");
    merchantId = ctx.merchantId;
  } else if (ctx.roles.includes('ALLIANCE_OPERATOR')) {
    merchantId ??= ctx.tenantId;
  } else if (!ctx.roles.includes('PLATFORM_ADMIN')) {
    throw forbidden('Notifications are managed by merchant admins and alliance operators');
  }
  if (!merchantId) throw forbidden('Name the merchant');
  const [merchant] = await tx.execute<{ id: string; tenantId: string }[]>('select id, tenant_id as "tenantId" from notifications.merchant where id = ?', [merchantId]);
  if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
  return merchant;
}
