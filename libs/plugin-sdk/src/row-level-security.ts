/**
 * Who sees a plugin table's rows: `merchant` — the merchant that wrote them (its alliance's operators
 * too); `tenant` — every merchant of the tenant (data about the shared member itself).
 */
export type RowScope = 'merchant' | 'tenant';

const CONDITIONS: Record<RowScope, string> = {
  merchant: 'tenant_id = public.app_tenant_id() and (public.app_merchant_id() is null or merchant_id = public.app_merchant_id())',
  tenant: 'tenant_id = public.app_tenant_id()',
};

/**
 * The platform's standard tenant isolation for a plugin table, for its migration: row-level security
 * on, the policy for the tenant role, and the tenant role's grants. The table needs `tenant_id uuid
 * not null` (and `merchant_id uuid not null` for the merchant scope). The platform refuses a plugin
 * table without row-level security.
 */
export function tenantRowLevelSecurity(table: string, scope: RowScope): string[] {
  return [
    `alter table ${table} enable row level security;`,
    `create policy tenant_isolation on ${table} to loyalty_tenant using (${CONDITIONS[scope]}) with check (${CONDITIONS[scope]});`,
    `grant select, insert, update, delete on ${table} to loyalty_tenant;`,
  ];
}
