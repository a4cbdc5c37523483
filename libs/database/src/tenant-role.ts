/**
 * The database role tenant work runs as and the functions row-level security policies read the
 * transaction's tenant scope from. Every service's first migration runs these (all idempotent), so
 * a service migrates on its own, whichever comes first.
 */
export const tenantRoleStatements: readonly string[] = [
  `do $$ begin
      if not exists (select from pg_roles where rolname = 'loyalty_tenant') then create role loyalty_tenant nologin; end if;
    end $$;`,
  `grant loyalty_tenant to current_user;`,
  `create or replace function public.app_tenant_id() returns uuid language sql stable as
      $$ select nullif(current_setting('app.tenant_id', true), '')::uuid $$;`,
  `create or replace function public.app_merchant_id() returns uuid language sql stable as
      $$ select nullif(current_setting('app.merchant_id', true), '')::uuid $$;`,
  `create or replace function public.app_store_id() returns uuid language sql stable as
      $$ select nullif(current_setting('app.store_id', true), '')::uuid $$;`,
];
