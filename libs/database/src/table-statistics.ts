import { IntervalJob } from '@loyalty/shared';
import { type Db, pgArray } from './db';

/**
 * Rows a table must have when PostgreSQL analyzes it for its key probes' generic plans to be
 * trusted: tenant_id has no statistics in the probed tables, so an index led by it (usable through
 * row-level security's filter) is costed as reading 1/200 of the rows, five at this size and more as
 * the table grows, never cheaper than one key's probe of the primary key (under 200 rows the planner
 * takes each row for a tenant of its own: one row, as cheap as the key). A probe of several keys at
 * once is not so protected: see `plannedWhileYoung`.
 */
export const ESTABLISHED_ROWS = 1000;

/**
 * The tables `plannedWhileYoung` statements name, each young until PostgreSQL has analyzed it with
 * at least ESTABLISHED_ROWS rows, and established from then on (per connection pool: one
 * database). A young table's statements are planned at each run; once all of a statement's tables
 * are established it is prepared as every other bind-parameter statement is (PlannerStatistics
 * finds out, and analyzes a young table that has grown to that size without waiting for autovacuum).
 */
export class TableStatistics {
  private readonly established = new Map<string, boolean>();

  /** Whether all these tables are established; registers the ones not seen before as young. */
  allEstablished(tables: readonly string[]): boolean {
    let all = true;
    for (const table of tables) {
      const established = this.established.get(table);
      if (established === undefined) this.established.set(table, false);
      if (!established) all = false;
    }
    return all;
  }

  young(): string[] {
    return [...this.established].filter(([, established]) => !established).map(([table]) => table);
  }

  markEstablished(table: string): void {
    this.established.set(table, true);
  }
}

/** How often PlannerStatistics looks at the young tables (it has nothing to do once none is left). */
export const PLANNER_STATISTICS_INTERVAL_MS = 2000;

/**
 * Finds the young tables PostgreSQL has analyzed with at least ESTABLISHED_ROWS rows, and analyzes
 * those that have grown to that size: autovacuum comes round once a minute, and until then a new
 * database's first import or rush would plan its key probes at every run.
 */
export class PlannerStatistics extends IntervalJob<{ analyzed: string[]; established: string[] }> {
  constructor(
    private readonly db: Db,
    private readonly tables: TableStatistics,
    intervalMs: number,
  ) {
    super(intervalMs);
  }

  protected async pass(): Promise<{ analyzed: string[]; established: string[] }> {
    const young = this.tables.young();
    if (young.length === 0) return { analyzed: [], established: [] };
    return this.db.asSystem(async (tx) => {
      // Each table's name as PostgreSQL quotes it, and how many rows it had when last analyzed (-1: never).
      const tables = await tx.execute<{ table: string; relation: string; analyzedRows: number }[]>(
        `select k.name as "table", c.oid::regclass::text as relation,
                case when s.last_analyze is not null or s.last_autoanalyze is not null then c.reltuples else -1 end as "analyzedRows"
         from unnest(?::text[]) as k(name) join pg_class c on c.oid = to_regclass(k.name) left join pg_stat_all_tables s on s.relid = c.oid`,
        [pgArray(young)],
      );
      const established = tables.filter((t) => Number(t.analyzedRows) >= ESTABLISHED_ROWS);
      for (const t of established) this.tables.markEstablished(t.table);
      const unanalyzed = tables.filter((t) => Number(t.analyzedRows) < ESTABLISHED_ROWS);
      // Which of the others hold that many rows now: each read stops at the last one it needs.
      const grown =
        unanalyzed.length === 0
          ? []
          : await tx.execute<{ i: number }[]>(
              unanalyzed.map((t, i) => `select ${i} as i where exists (select from ${t.relation} offset ${ESTABLISHED_ROWS - 1})`).join(' union all '),
            );
      // Found established by the next pass, as any table PostgreSQL analyzed (a role that may not
      // analyze a table gets a warning, and its table stays young).
      const analyzed = grown.map(({ i }) => unanalyzed[i]);
      for (const t of analyzed) await tx.execute(`analyze ${t.relation}`);
      const result = { analyzed: analyzed.map((t) => t.table), established: established.map((t) => t.table) };
      if (result.established.length > 0) this.logger.log(result, 'tables established: their key probes are prepared from now on');
      return result;
    });
  }
}
