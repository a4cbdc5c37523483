import { forbidden, type RequestContext, type Role } from '@loyalty/shared';

export function requireRole(ctx: RequestContext, ...roles: Role[]): void {
  if (!ctx.roles.some((role) => roles.includes(role))) {
    throw forbidden(`Requires one of the roles: ${roles.join(', ')}`);
  }
}

export const isPlatformAdmin = (ctx: RequestContext) => ctx.roles.includes('PLATFORM_ADMIN');

/** The tenant an admin request acts in: its own, or for a platform admin the one it names. */
export function tenantOf(ctx: RequestContext): string {
  if (!ctx.tenantId) throw forbidden('This operation needs a tenant context');
  return ctx.tenantId;
}
