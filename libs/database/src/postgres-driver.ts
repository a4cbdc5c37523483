import type { AnyEntity, Dictionary, EntityData, LoggingOptions, QueryResult, RawQueryFragment, Transaction } from '@mikro-orm/core';
import { type NativeQueryBuilder, PostgreSqlConnection, PostgreSqlDriver, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { CompiledQuery, type Kysely } from 'kysely';
import type { Pool, PoolConfig } from 'pg';
import { BinaryArray } from './binary-arrays';
import { TableStatistics } from './table-statistics';

/** Distinct statement texts prepared at most; past it, statements are parsed each time as before. */
const MAX_PREPARED_STATEMENTS = 200;

/** The mark of a `plannedWhileYoung` statement, naming its tables. */
const PLANNED_WHILE_YOUNG = /^\/\* planned while young: ([^*]+) \*\/ /;

/**
 * A bind-parameter statement PostgreSQL plans at each execution while any of `tables` is young, and
 * prepares once per connection (as any other, see LoyaltyPostgreSqlConnection) once they are all
 * established: analyzed with at least ESTABLISHED_ROWS rows (TableStatistics). For primary-key
 * probes under row-level security: while a table is young (not yet analyzed, or analyzed with a few
 * rows) the planner costs an index led by tenant_id, usable through the policy's filter, the same
 * as the primary key, and a connection that prepared the probe so then read all of the tenant's
 * rows for each key until the table was next analyzed (a minute or more on a new database): 25 ms
 * for 57 transfers among 2,000 in one logged plan; 66 ms a purchase batch on average in one
 * bench:pos run, timed by a throwaway harness; the one CI run of a version that prepared these
 * probes hung in the history import (performance log, 2026-12-06, late night). Turning sequential
 * scans off does not make a generic plan safe: with enable_seqscan off, the purchase batch's member
 * probe on an analyzed empty member table, and the balances' `id = any($1)` on ledger_account
 * analyzed at 3 and 20 rows, got generic plans on the tenant-led unique index (PostgreSQL 18).
 * Planning them at every run cost a write batch about 2.6 ms of PostgreSQL's time (performance log,
 * 2026-12-07, morning), so it lasts only while the tables are young.
 *
 * On an established table the tenant is costed as a share of its rows only because tenant_id has no
 * statistics in the probed tables (Migration20261207073000): with them, a tenant missing from a most
 * common values list that covers the table was estimated at one row, in custom and generic plans
 * alike, and an import batch's ledger write read the tenant's accounts for every key for 215 s in a
 * full test run. A marked statement probes one key at a time (`where id = k.id limit 1` per key,
 * never `id = any($1)`, which the planner takes for ten keys). The key-probe-plans test checks the
 * generic plans of the POS write path's marked statements for a tenant the statistics have not seen.
 */
export function plannedWhileYoung(tables: readonly string[], sql: string): string {
  return `/* planned while young: ${tables.join(' ')} */ ${sql}`;
}

/**
 * MikroORM's PostgreSQL platform with a faster string literal escape. A raw statement's parameters
 * are inlined as literals (`em.execute` has no bind parameters; batch statements excepted, see
 * LoyaltyPostgreSqlConnection), and the stock escape
 * builds each literal a character at a time: on the batch statements of the POS write path and the
 * history import (megabytes of text per second) that, and flattening the strings it leaves, was
 * the largest single cost of the process. The result is the same text.
 */
export class LoyaltyPostgreSqlPlatform extends PostgreSqlPlatform {
  override escape(value: unknown): string {
    if (typeof value !== 'string') return super.escape(value);
    const quoted = `'${value.replaceAll("'", "''")}'`;
    // As libpq's PQescapeLiteral: with a backslash, the E'' form and every backslash doubled.
    return value.includes('\\') ? ` E${quoted.replaceAll('\\', '\\\\')}` : quoted;
  }
}

/**
 * A statement carrying a binary array (the batch statements' `unnestRows` columns) is sent with
 * bind parameters, the arrays in binary, instead of as text with its parameters inlined. Its other
 * parameters must then be scalars: PostgreSQL types them from where they stand (`?::int8` when it
 * cannot tell), and a JavaScript array is not spread into a list as MikroORM's inlining does.
 */
export class LoyaltyPostgreSqlConnection extends PostgreSqlConnection {
  /** Texts of the bind-parameter statements, each with the name it is prepared under on every connection. */
  private readonly statementNames = new Map<string, string>();
  /** The tables of `plannedWhileYoung` statements, young or established. */
  readonly tableStatistics = new TableStatistics();

  /** A statement is prepared unless it is to be planned each time while one of its tables is young. */
  private preparable(text: string): boolean {
    const young = PLANNED_WHILE_YOUNG.exec(text);
    return !young || this.tableStatistics.allEstablished(young[1].split(' '));
  }

  /**
   * Each connection prepares a bind-parameter statement the first time it runs it, and then only
   * binds and executes it: PostgreSQL parses it once per connection, and plans it once when its
   * generic plan costs no more than the plans for given values (planning the batch statements and
   * the consumers' re-scoring had taken as long as running them); a statement marked
   * `plannedWhileYoung` is sent unnamed while one of its tables is young.
   */
  override createKyselyDialect(overrides: PoolConfig & { onPoolCreated?: (pool: Pool) => unknown } = {}) {
    const { onPoolCreated, ...rest } = overrides;
    // The pool's creation hook is MikroORM's (read in its createKyselyDialect), not one of pg's options.
    return super.createKyselyDialect({
      ...rest,
      onPoolCreated: (pool: Pool) => {
        pool.on('connect', (client) => {
          const query = client.query.bind(client) as QueryFn;
          const named: QueryFn = (config, values, callback) => {
            const name = typeof config === 'string' && Array.isArray(values) && values.length > 0 ? this.statementNames.get(config) : undefined;
            return name ? query({ name, text: config, values }, callback) : query(config, values, callback);
          };
          client.query = beginWithFirstStatement(named) as typeof client.query;
        });
        return onPoolCreated?.(pool);
      },
    } as PoolConfig);
  }

  override execute<T extends QueryResult | EntityData<AnyEntity> | EntityData<AnyEntity>[] = EntityData<AnyEntity>[]>(
    query: string | NativeQueryBuilder | RawQueryFragment,
    params: readonly unknown[] | Dictionary<unknown> = [],
    method: 'all' | 'get' | 'run' = 'all',
    ctx?: Transaction,
    loggerContext?: LoggingOptions,
  ): Promise<T> {
    if (typeof query !== 'string' || !Array.isArray(params) || !params.some((param) => param instanceof BinaryArray)) {
      return super.execute<T>(query, params, method, ctx, loggerContext);
    }
    const text = numberedPlaceholders(query, params.length);
    const values = params.map(bindValue);
    if (!this.statementNames.has(text) && this.statementNames.size < MAX_PREPARED_STATEMENTS && this.preparable(text)) {
      this.statementNames.set(text, `loyalty_${this.statementNames.size + 1}`);
    }
    return this.executeQuery(
      text,
      async () => {
        await this.ensureConnection();
        const client = (ctx as Kysely<unknown> | undefined) ?? this.getClient();
        return this.transformRawResult<T>(await client.executeQuery(CompiledQuery.raw(text, values)), method);
      },
      { query: text, params: [...params] },
    );
  }
}

type QueryFn = (config: unknown, values?: unknown, callback?: unknown) => unknown;

const plainText = (config: unknown, values: unknown, callback: unknown): config is string =>
  typeof config === 'string' && (values === undefined || (Array.isArray(values) && values.length === 0)) && callback === undefined;

/** What `begin`, `commit` and `rollback` answer when they are not sent. */
const notSent = (command: string) => Promise.resolve({ command, rowCount: null, rows: [] });

/**
 * A connection's `query` that sends a transaction's `begin` in one message with the statement after
 * it when that one is plain text (as PgJDBC sends BEGIN with a transaction's first query): tenant
 * work, write batches and relay passes all start with such a statement (`set_config`, `set local`),
 * so each saves a round trip. A first statement with bind parameters goes right after `begin`, as
 * before; a transaction that ran nothing ends without either being sent. A plain message of several
 * statements answers with its last one's result (the ORM reads one).
 *
 * When the message holding `begin` fails, whether `begin` ran is not known here: PostgreSQL refuses
 * a message with a syntax error whole, and runs `begin` before a statement that fails as it runs.
 * So the transaction's end is sent as asked, and any other statement goes with `begin` again (a
 * second `begin` in an open transaction is only a warning): nothing runs outside the transaction.
 */
export function beginWithFirstStatement(query: QueryFn): QueryFn {
  let begin: 'sent' | 'held' | 'unsure' = 'sent';
  return (config, values, callback) => {
    if (!plainText(config, values, callback)) {
      if (begin !== 'sent') {
        begin = 'sent';
        // Queued on the connection ahead of the statement, not awaited: a cursor must be returned
        // as pg made it. `begin` fails only with its connection, and then the statement fails too.
        (query('begin', []) as Promise<unknown>).catch(() => undefined);
      }
      return query(config, values, callback);
    }
    if (config === 'begin' && begin !== 'held') {
      begin = 'held';
      return notSent('BEGIN');
    }
    if (config === 'commit' || config === 'rollback') {
      const held = begin === 'held';
      begin = 'sent';
      if (held) return notSent(config.toUpperCase());
      return query(config, values, callback);
    }
    const withBegin = begin !== 'sent';
    begin = 'sent';
    return (query(withBegin ? `begin; ${config}` : config, []) as Promise<unknown>).then(
      (results) => (Array.isArray(results) ? results.at(-1) : results),
      (error: unknown) => {
        if (withBegin) begin = 'unsure';
        throw error;
      },
    );
  };
}

/** `?` placeholders as `$1, $2, …` (as MikroORM reads them, `\?` is a literal question mark). */
export function numberedPlaceholders(sql: string, count: number): string {
  let n = 0;
  const text = sql.replace(/\\\?|\?\??/g, (match) => {
    if (match === '\\?') return '?';
    if (match === '??') throw new Error('A statement with binary array parameters cannot take ?? identifiers');
    return `$${++n}`;
  });
  if (n !== count) throw new Error(`The statement has ${n} placeholders for ${count} parameters`);
  return text;
}

function bindValue(value: unknown): unknown {
  if (value instanceof BinaryArray) return value.bytes;
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'bigint' || typeof value === 'boolean') return String(value);
  throw new TypeError('A statement with binary array parameters takes scalar parameters beside them');
}

export class LoyaltyPostgreSqlDriver extends PostgreSqlDriver {
  // Set once the base constructor has run; the configuration reads them from the driver after that.
  protected override readonly platform: PostgreSqlPlatform = new LoyaltyPostgreSqlPlatform();
  protected override readonly connection: PostgreSqlConnection = new LoyaltyPostgreSqlConnection(this.config);
}
