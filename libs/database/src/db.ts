import type { EntityManager, MikroORM } from '@mikro-orm/postgresql';
import type { RequestContext } from '@loyalty/shared';
import { type BinaryArray, type BinaryArrayType, encodeBinaryArray } from './binary-arrays';

/** The database role tenant work runs as; row-level security policies confine it to one tenant. */
export const TENANT_ROLE = 'loyalty_tenant';

/** An entity manager bound to one open transaction. */
export type Tx = EntityManager;

const commitHooks = new WeakMap<Tx, (() => void)[]>();

/**
 * Transactions whose statements run inside a tenant now (`enterTenant` until `leaveTenant`), with
 * the merchant row-level security narrows them to ('' for the whole tenant).
 */
const tenantScopes = new WeakMap<Tx, { merchantId: string }>();

/**
 * Runs `hook` once the transaction `tx` has committed (never if it rolls back): for caches that
 * must only learn what is durable.
 */
export function afterCommit(tx: Tx, hook: () => void): void {
  const hooks = commitHooks.get(tx);
  if (!hooks) throw new Error('afterCommit needs a transaction opened by Db');
  hooks.push(hook);
}

/** A mark in the transaction's hooks, taken before work a savepoint may roll back. */
export function hooksMark(tx: Tx): number {
  return commitHooks.get(tx)?.length ?? 0;
}

/** Drops the hooks registered since `mark`: the work that registered them was rolled back. */
export function discardHooksSince(tx: Tx, mark: number): void {
  commitHooks.get(tx)?.splice(mark);
}

/**
 * Runs `work` for each merchant in turn, row-level security narrowed to that merchant (as on the
 * merchant's own requests), then widens back to the whole tenant. For a batch that spans a
 * tenant's merchants: the parts of it run by code that counts on the narrowing (industry plugins'
 * SQL). One statement per merchant and one to widen; none when the transaction is
 * already narrowed to the only merchant asked for. A transaction narrowed to one merchant never
 * reaches another. Should `work` throw, the statement to widen is not sent (the transaction may be
 * failed): the caller rolls back, to a savepoint taken before or the whole transaction, which
 * restores the setting; a caller that went on without would see less, never more, and the next
 * eachMerchant narrows and widens explicitly again.
 */
export async function eachMerchant(tx: Tx, merchantIds: readonly string[], work: (merchantId: string) => Promise<void>): Promise<void> {
  const scope = tenantScopes.get(tx);
  if (!scope) throw new Error('eachMerchant needs a transaction inside a tenant');
  const narrowedTo = scope.merchantId;
  if (narrowedTo !== '') {
    const other = merchantIds.find((id) => id !== narrowedTo);
    if (other) throw new Error(`A transaction narrowed to merchant ${narrowedTo} cannot reach merchant ${other}`);
    if (merchantIds.length > 0) await work(narrowedTo);
    return;
  }
  if (merchantIds.length === 0) return;
  const narrow = (merchantId: string) => tx.execute(`select set_config('app.merchant_id', ?, true)`, [merchantId]);
  try {
    for (const merchantId of merchantIds) {
      await narrow(merchantId);
      scope.merchantId = merchantId;
      await work(merchantId);
    }
  } finally {
    scope.merchantId = '';
  }
  if (tenantScopes.get(tx) !== scope) throw new Error('eachMerchant’s work entered or left a tenant');
  await narrow('');
}

/** Deadlocks and serialization failures: the whole transaction may simply run again. */
const RETRYABLE_SQLSTATES = new Set(['40001', '40P01']);
const MAX_ATTEMPTS = 4;

/**
 * The one way to reach the database. `inTenant` is for everything done on a request's behalf:
 * PostgreSQL itself then hides and protects other tenants' rows, whatever the query says.
 * `asSystem` is for the platform's own work (auth look-ups, jobs, relays, verify).
 */
export class Db {
  constructor(readonly orm: MikroORM) {}

  inTenant<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction(async (tx) => {
      await this.enterTenant(tx, ctx);
      return work(tx);
    });
  }

  /**
   * From here to the end of the transaction, statements run as the tenant role for ctx's tenant
   * (a batch of several tenants' writes enters each in turn).
   */
  async enterTenant(tx: Tx, ctx: RequestContext): Promise<void> {
    // Entities another tenant's work loaded must not be served from the identity map.
    tx.clear();
    // A store clerk sees the members of their own store; POS terminals and managers see the tenant's.
    const storeScope = ctx.roles.includes('STORE_STAFF') ? (ctx.storeId ?? '') : '';
    await tx.execute(
      `select set_config('app.tenant_id', ?, true), set_config('app.merchant_id', ?, true),
              set_config('app.store_id', ?, true), set_config('role', '${TENANT_ROLE}', true)`,
      [ctx.tenantId ?? '', ctx.merchantId ?? '', storeScope],
    );
    tenantScopes.set(tx, { merchantId: ctx.merchantId ?? '' });
  }

  /**
   * Back to the platform's own rights for the rest of the transaction after work inside a tenant (a
   * consumer that entered one, before the next applies its part of the relay's batch); nothing to do
   * when the transaction is not inside one.
   */
  async leaveTenant(tx: Tx): Promise<void> {
    if (!tenantScopes.delete(tx)) return;
    tx.clear();
    await tx.execute(
      `select set_config('app.tenant_id', '', true), set_config('app.merchant_id', '', true), set_config('app.store_id', '', true), set_config('role', 'none', true)`,
    );
  }

  asSystem<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return this.transaction(work);
  }

  /** Platform admins act across tenants; everyone else inside their own. */
  asActor<T>(ctx: RequestContext, work: (tx: Tx) => Promise<T>): Promise<T> {
    return ctx.roles.includes('PLATFORM_ADMIN') ? this.asSystem(work) : this.inTenant(ctx, work);
  }

  async ping(): Promise<void> {
    await this.orm.em.fork().execute('select 1');
  }

  private async transaction<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      const hooks: (() => void)[] = [];
      try {
        const result = await this.orm.em.fork().transactional((tx) => {
          commitHooks.set(tx, hooks);
          return work(tx);
        });
        for (const hook of hooks) hook();
        return result;
      } catch (error) {
        if (attempt >= MAX_ATTEMPTS || !RETRYABLE_SQLSTATES.has(sqlState(error))) throw error;
      }
    }
  }
}

/** The SQLSTATE of a PostgreSQL error, however the driver wrapped it. */
export function sqlState(error: unknown): string {
  const e = error as { code?: string; cause?: { code?: string }; previous?: { code?: string } };
  return e?.code ?? e?.cause?.code ?? e?.previous?.code ?? '';
}

/** A unique-constraint violation, optionally on one named constraint. */
export function isUniqueViolation(error: unknown, constraint?: string): boolean {
  if (sqlState(error) !== '23505') return false;
  if (!constraint) return true;
  const e = error as { constraint?: string; cause?: { constraint?: string }; message?: string };
  return (e.constraint ?? e.cause?.constraint ?? e.message ?? '').includes(constraint);
}

/**
 * A PostgreSQL array literal for a `?::uuid[]` / `?::int8[]` parameter: the ORM's `?` placeholder
 * spreads a JavaScript array into a list, so arrays travel as one text value instead. Elements may
 * be strings, numbers, booleans, dates (as ISO 8601), objects (as JSON) or null. Statements run
 * per batch or per relay pass take `encodeBinaryArray` instead: sent in binary with bind
 * parameters, and prepared on each connection (LoyaltyPostgreSqlConnection).
 */
export function pgArray(values: readonly unknown[]): string {
  return `{${values.map(arrayElement).join(',')}}`;
}

function arrayElement(value: unknown): string {
  if (value === null || value === undefined) return 'NULL';
  if (typeof value === 'number' || typeof value === 'boolean' || typeof value === 'bigint') return String(value);
  const text = value instanceof Date ? value.toISOString() : typeof value === 'string' ? value : JSON.stringify(value);
  // Most elements (ids, codes, times) have nothing to escape; a search is cheaper than a replace.
  return text.includes('"') || text.includes('\\') ? `"${text.replace(/["\\]/g, '\\$&')}"` : `"${text}"`;
}

/**
 * `select * from unnest(?::uuid[], ?::int8[], …)`: the rows of a batch as a row source (for
 * `insert … ${sql}` or `from (${sql}) as v(…)`), one array parameter per column whatever the
 * number of rows. PostgreSQL parses a VALUES list of literals row by row, which took twice as long
 * as the arrays for 500 rows. The arrays go in binary, the statement with bind parameters (see
 * LoyaltyPostgreSqlConnection). `types` gives each column's type; elements are read as `pgArray`'s.
 */
export function unnestRows(rows: readonly unknown[][], types: readonly BinaryArrayType[]): { sql: string; params: BinaryArray[] } {
  return {
    sql: `select * from unnest(${types.map((type) => `?::${type}[]`).join(', ')})`,
    params: types.map((type, column) => encodeBinaryArray(type, rows.map((row) => row[column]))),
  };
}
