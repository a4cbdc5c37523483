import type { Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';
import type { RfmScope } from './rfm-engine';

/** An alliance keeps no time zone of its own: its days are reported in this one. */
export const ALLIANCE_TIME_ZONE = 'Asia/Shanghai';

/**
 * The scope a request asks about: a merchant's staff their own merchant; an alliance operator the
 * alliance (no merchantId) or one of its merchants; a platform admin any merchant it names. Runs in
 * the caller's transaction, so row-level security hides other tenants' merchants.
 */
export async function resolveScope(tx: Tx, ctx: RequestContext, merchantId: string | null | undefined): Promise<RfmScope> {
  if (ctx.roles.includes('MERCHANT_ADMIN')) {
    if (merchantId && merchantId !== ctx.merchantId) throw forbidden("A merchant's staff see their own merchant's insights only");
    return { scopeId: ctx.merchantId!, tenantId: ctx.tenantId!, kind: 'merchant' };
  }
  const operator = ctx.roles.includes('ALLIANCE_OPERATOR');
  if (!operator && !ctx.roles.includes('PLATFORM_ADMIN')) throw forbidden('Insights are for merchant admins and alliance operators');
  if (!merchantId) {
    if (!operator) throw forbidden('Name the merchant');
    return { scopeId: ctx.tenantId!, tenantId: ctx.tenantId!, kind: 'alliance' };
  }
  const [merchant] = await tx.execute<{ tenantId: string }[]>('select tenant_id as "tenantId" from insights.merchant where id = ?', [merchantId]);
  if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
  return { scopeId: merchantId, tenantId: merchant.tenantId, kind: 'merchant' };
}

/** The scope of a saved segment, if the caller may use it: its merchant's, or the alliance's own. */
export function resolveSegmentScope(tx: Tx, ctx: RequestContext, segment: { scopeId: string }): Promise<RfmScope> {
  return resolveScope(tx, ctx, segment.scopeId === ctx.tenantId ? null : segment.scopeId);
}
