import { PostgreSqlPlatform } from '@mikro-orm/postgresql';
import {
  beginWithFirstStatement,
  type BinaryArrayType,
  createOrm,
  Db,
  encodeBinaryArray,
  ESTABLISHED_ROWS,
  type LoyaltyPostgreSqlConnection,
  LoyaltyPostgreSqlPlatform,
  pgArray,
  plannedWhileYoung,
  PlannerStatistics,
  type Tx,
  unnestRows,
} from '@loyalty/database';
import { openTestDb } from './test-db';

/** The platform's own literal escape, checked by PostgreSQL reading back what it was sent. */
describe('statement parameters: literals inlined by the platform, batch columns as binary arrays', () => {
  let db: Db;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.orm.close());

  const values = ["", "'", "''", "it's", '\\', "\\'", "a\\'b'c\\\\", '"', 'E\'x\'', '$$', '?', '会员 积分 🎁', 'line\nbreak\ttab', "'); drop table member; --"];

  it('arrive unchanged, whatever quotes, backslashes or other characters they hold', async () => {
    const rows = await db.asSystem((tx) => tx.execute<{ v: string; i: number }[]>(`select ?::text as v, ?::int as i ${values.slice(1).map(() => 'union all select ?::text, ?::int').join(' ')}`, values.flatMap((value, i) => [value, i])));
    expect(rows.sort((a, b) => a.i - b.i).map((row) => row.v)).toEqual(values);
  });

  it('go as the same text as the stock escape would send', () => {
    const platform = db.orm.em.getPlatform();
    expect(platform).toBeInstanceOf(LoyaltyPostgreSqlPlatform);
    const stock = new PostgreSqlPlatform();
    for (const value of [...values, 5, null, true]) expect(platform.escape(value)).toBe(stock.escape(value));
    expect(platform.escape("it's")).toBe("'it''s'");
    expect(platform.escape("a\\'b")).toBe(" E'a\\\\''b'");
  });

  it('come back from a batch of rows (one array per column) as they went in, nulls, quotes and JSON included', async () => {
    const at = new Date('2026-12-05T01:30:00.123Z');
    const rows = [
      ['018f0000-0000-7000-8000-000000000001', 'plain', 5, true, at, { a: 'x"y\\z', b: [1, null] }],
      ['018f0000-0000-7000-8000-000000000002', 'NULL', -9007199254740991, false, null, null],
      ['018f0000-0000-7000-8000-000000000003', '{,"}\\ 会员', 0, null, at, [{ c: "it's" }]],
      // A string for a jsonb column is JSON text already (what callers pass from JSON.stringify).
      ['018f0000-0000-7000-8000-000000000004', null, null, true, at, '{"k":[1,"two"]}'],
    ];
    const source = unnestRows(rows, ['uuid', 'text', 'int8', 'bool', 'timestamptz', 'jsonb']);
    const back = await db.asSystem((tx) =>
      tx.execute<{ id: string; t: string | null; n: string | null; b: boolean | null; at: Date | null; j: unknown }[]>(
        `select v.id, v.t, v.n::text as n, v.b, v.at, v.j from (${source.sql}) as v(id, t, n, b, at, j) order by v.id`,
        source.params,
      ),
    );
    expect(back.map((row) => [row.id, row.t, row.n === null ? null : Number(row.n), row.b, row.at && new Date(row.at), row.j])).toEqual([
      ...rows.slice(0, 3),
      [...rows[3].slice(0, 5), { k: [1, 'two'] }],
    ]);
  });

  it('read as PostgreSQL reads the same elements sent as text, for every column type', async () => {
    const at = new Date('1999-12-31T23:59:59.999Z');
    const columns: [BinaryArrayType, unknown[]][] = [
      ['uuid', ['018f0000-0000-7000-8000-00000000000a', 'FFFFFFFF-FFFF-4FFF-BFFF-FFFFFFFFFFFF', null]],
      ['int8', [0, -1, 2 ** 32, -(2 ** 32) - 1, Number.MAX_SAFE_INTEGER, Number.MIN_SAFE_INTEGER, '9223372036854775807', '-9223372036854775808', null]],
      ['int4', [0, -1, 2 ** 31 - 1, -(2 ** 31), null]],
      ['bool', [true, false, null]],
      ['text', ['', 'NULL', '会员 🎁', 'a"b\\c', 42, null]],
      ['jsonb', [{ a: [1, 'x'] }, '"s"', [], null]],
      ['timestamptz', [at, new Date(0), new Date('2100-02-28T12:00:00.001Z'), '2026-12-05T08:00:00+08:00', null]],
      ['date', ['2000-01-01', '1999-12-31', '2026-02-28', new Date('2026-12-05T23:30:00Z'), null]],
    ];
    for (const [type, elements] of columns) {
      const [binary, text] = await db.asSystem(async (tx) => [
        await tx.execute<{ v: string | null }[]>(`select v::text from (${unnestRows(elements.map((e) => [e]), [type]).sql}) as r(v)`, unnestRows(elements.map((e) => [e]), [type]).params),
        await tx.execute<{ v: string | null }[]>(`select v::text from unnest(?::${type}[]) as r(v)`, [pgArray(elements)]),
      ]);
      expect({ type, values: binary.map((row) => row.v) }).toEqual({ type, values: text.map((row) => row.v) });
    }
  });

  it('come with bind parameters beside them: scalars typed where they stand, a JavaScript array refused', async () => {
    const source = unnestRows([[1], [2]], ['int8']);
    const rows = await db.asSystem((tx) =>
      tx.execute<{ n: string; id: string; at: Date; q: string; none: null }[]>(
        `select v.n + ?::int8 as n, ?::uuid as id, ?::timestamptz as at, '\\?' as q, ?::text as none from (${source.sql}) as v(n) order by 1`,
        [10, '018f0000-0000-7000-8000-000000000001', new Date('2026-12-05T00:00:00Z'), null, ...source.params],
      ),
    );
    expect(rows.map((row) => [Number(row.n), row.id, new Date(row.at).toISOString(), row.q, row.none])).toEqual([
      [11, '018f0000-0000-7000-8000-000000000001', '2026-12-05T00:00:00.000Z', '?', null],
      [12, '018f0000-0000-7000-8000-000000000001', '2026-12-05T00:00:00.000Z', '?', null],
    ]);
    await expect(db.asSystem((tx) => tx.execute(`select * from (${source.sql}) as v(n) where n = any(?)`, [...source.params, [1, 2]]))).rejects.toThrow(TypeError);
    expect(() => unnestRows([['not-a-uuid']], ['uuid'])).toThrow('Not a uuid array element: not-a-uuid');
  });

  it('are prepared once per connection, then only bound and run, each run with its own values', async () => {
    const sql = `select sum(v.n)::int8 as total, ?::text as label from (${unnestRows([[0]], ['int8']).sql}) as v(n)`;
    const { totals, prepared } = await db.asSystem(async (tx) => {
      const totals: string[] = [];
      for (let run = 1; run <= 7; run++) {
        const source = unnestRows(Array.from({ length: run }, (_, i) => [i + 1]), ['int8']);
        const [row] = await tx.execute<{ total: string; label: string }[]>(sql, [`run ${run}`, ...source.params]);
        totals.push(`${row.label}: ${row.total}`);
      }
      // The transaction keeps one connection: its session's prepared statements.
      const prepared = await tx.execute<{ name: string; runs: number }[]>(
        `select name, (generic_plans + custom_plans)::int as runs from pg_prepared_statements where statement = ?`,
        [sql.replace('?::text', '$1::text').replace('?::int8[]', '$2::int8[]')],
      );
      return { totals, prepared };
    });
    expect(totals).toEqual(['run 1: 1', 'run 2: 3', 'run 3: 6', 'run 4: 10', 'run 5: 15', 'run 6: 21', 'run 7: 28']);
    expect(prepared).toEqual([{ name: expect.stringMatching(/^loyalty_\d+$/), runs: 7 }]);
  });

  it('are planned at each run while a table they name is young, and prepared once it is established', async () => {
    const table = `planner_probe_${Date.now()}`;
    const tenantId = '018f0000-0000-7000-8000-0000000000aa';
    await db.asSystem(async (tx) => {
      await tx.execute(`create table ${table} (id uuid primary key, tenant_id uuid not null, n int8 not null)`);
      // As the platform's tables: an index led by tenant_id, usable through row-level security's filter.
      await tx.execute(`create index ${table}_tenant on ${table} (tenant_id, n)`);
      await tx.execute(`alter table ${table} enable row level security`);
      await tx.execute(`create policy tenant_isolation on ${table} to loyalty_tenant using (tenant_id = app_tenant_id())`);
      await tx.execute(`grant select on ${table} to loyalty_tenant`);
    });
    const addRows = (from: number, to: number) =>
      db.asSystem((tx) =>
        tx.execute(`insert into ${table} (id, tenant_id, n) select gen_random_uuid(), ?::uuid, g from generate_series(?::int, ?::int) as g`, [tenantId, from, to]),
      );
    const statistics = new PlannerStatistics(db, (db.orm.em.getConnection() as LoyaltyPostgreSqlConnection).tableStatistics, 0);
    const sql = plannedWhileYoung([table], `select coalesce(sum(t.n), 0)::int8 as total from unnest(?::uuid[]) as k(id) cross join lateral (select n from ${table} where id = k.id limit 1) t`);
    const preparedOf = (tx: Tx) => tx.execute<{ name: string }[]>(`select name from pg_prepared_statements where statement like ?`, [`%planned while young: ${table} %`]);
    /** Six probes in one transaction (one connection) as the tenant, the sum each found, and what the connection prepared. */
    const probes = () =>
      db.asSystem(async (tx) => {
        await tx.execute(`select set_config('app.tenant_id', ?, true), set_config('role', 'loyalty_tenant', true)`, [tenantId]);
        const ids = await tx.execute<{ id: string }[]>(`select id from ${table} order by n limit 2`);
        const totals: number[] = [];
        for (let run = 0; run < 6; run++) totals.push(Number((await tx.execute<{ total: string }[]>(sql, [encodeBinaryArray('uuid', ids.map((r) => r.id))]))[0].total));
        const prepared = await preparedOf(tx);
        // The plan a prepared statement keeps for any values, as the connection would use it.
        const plan = prepared.length === 0 ? [] : (await tx.execute<{ 'QUERY PLAN': string }[]>(`set local plan_cache_mode = force_generic_plan; explain (costs off) execute ${prepared[0].name}('{}')`)).map((r) => r['QUERY PLAN']);
        return { totals, prepared: prepared.length, plan: plan.join('\n') };
      });
    try {
      await addRows(1, ESTABLISHED_ROWS - 1);
      expect(await probes()).toEqual({ totals: [3, 3, 3, 3, 3, 3], prepared: 0, plan: '' });
      // Too few rows to analyze: still young.
      expect(await statistics.run()).toEqual({ analyzed: [], established: [] });
      expect((await probes()).prepared).toBe(0);
      await addRows(ESTABLISHED_ROWS, ESTABLISHED_ROWS);
      expect(await statistics.run()).toEqual({ analyzed: [table], established: [] });
      expect(await statistics.run()).toEqual({ analyzed: [], established: [table] });
      const established = await probes();
      expect(established).toMatchObject({ totals: [3, 3, 3, 3, 3, 3], prepared: 1 });
      expect(established.plan).toContain(`Index Scan using ${table}_pkey`);
      expect(established.plan).not.toContain(`${table}_tenant`);
      // Nothing young is left to look at.
      expect(await statistics.run()).toEqual({ analyzed: [], established: [] });
    } finally {
      await db.asSystem((tx) => tx.execute(`drop table ${table}`));
    }
  });

  it('are found established when PostgreSQL analyzed their table with enough rows itself', async () => {
    const table = `planner_analyzed_${Date.now()}`;
    const statistics = new PlannerStatistics(db, (db.orm.em.getConnection() as LoyaltyPostgreSqlConnection).tableStatistics, 0);
    await db.asSystem(async (tx) => {
      await tx.execute(`create table ${table} (id int primary key)`);
      await tx.execute(`insert into ${table} select generate_series(1, ?::int)`, [ESTABLISHED_ROWS]);
      await tx.execute(`analyze ${table}`);
    });
    try {
      await db.asSystem((tx) => tx.execute(plannedWhileYoung([table], `select count(*) from ${table} where id = any(?::int4[])`), [encodeBinaryArray('int4', [1])]));
      expect(await statistics.run()).toEqual({ analyzed: [], established: [table] });
    } finally {
      await db.asSystem((tx) => tx.execute(`drop table ${table}`));
    }
  });
});

/** What a connection sends for a transaction, whatever the order its answers come in. */
describe('a connection holding back begin', () => {
  /** A connection that records each message and fails those the test names. */
  function connection(failing: string[] = []) {
    const sent: string[] = [];
    const query = beginWithFirstStatement(async (config) => {
      sent.push(String(config));
      if (failing.includes(String(config))) throw new Error(`refused: ${String(config)}`);
      return { command: 'SELECT', rowCount: 0, rows: [] };
    }) as (text: string, values?: unknown[]) => Promise<unknown>;
    return { sent, query };
  }

  it('sends the end of a transaction whose first message failed, begun or not', async () => {
    const { sent, query } = connection(['begin; select 1 / 0']);
    await query('begin', []);
    await expect(query('select 1 / 0', [])).rejects.toThrow('refused');
    await query('rollback', []);
    expect(sent).toEqual(['begin; select 1 / 0', 'rollback']);
  });

  it('sends begin again with what follows a failed first message, so that nothing runs outside the transaction', async () => {
    const { sent, query } = connection(['begin; selec 1']);
    await query('begin', []);
    await expect(query('selec 1', [])).rejects.toThrow('refused');
    await query('insert into t values (5)', []);
    await query('commit', []);
    expect(sent).toEqual(['begin; selec 1', 'begin; insert into t values (5)', 'commit']);
  });

  it('sends nothing for a transaction that ran nothing, and begin ahead of a first statement with bind parameters', async () => {
    const { sent, query } = connection();
    await query('begin', []);
    await query('commit', []);
    await query('begin', []);
    await query('insert into t values ($1)', [1]);
    await query('commit', []);
    expect(sent).toEqual(['begin', 'insert into t values ($1)', 'commit']);
  });
});

/** The begin of a transaction, sent with its first statement when that is plain text. */
describe('transactions on the platform driver', () => {
  let db: Db;
  const table = `driver_spec_tx_${Date.now()}`;
  beforeAll(async () => {
    // One connection: every transaction here reuses what the one before left on it.
    db = new Db(await createOrm({ url: process.env.TEST_DATABASE_URL!, entities: [], poolMax: 1 }));
    await db.asSystem((tx) => tx.execute(`create table ${table} (n int8 primary key)`));
  });
  afterAll(async () => {
    await db.asSystem((tx) => tx.execute(`drop table ${table}`));
    await db.orm.close();
  });
  const rowsOf = () => db.asSystem(async (tx) => (await tx.execute<{ n: string }[]>(`select n from ${table} order by n`)).map((row) => Number(row.n)));

  it('begin in the message of their first plain statement, which answers as if alone', async () => {
    // now() is when the transaction began; statement_timestamp() when the message came.
    const [first, second] = await db.asSystem(async (tx) => [
      await tx.execute<{ same: boolean; n: number }[]>('select now() = statement_timestamp() as same, 7 as n'),
      await tx.execute<{ same: boolean }[]>('select now() = statement_timestamp() as same'),
    ]);
    expect(first).toEqual([{ same: true, n: 7 }]);
    expect(second).toEqual([{ same: false }]);
  });

  it('answer a plain message of several statements with its last one, each planned after the one before', async () => {
    const plan = (rows: unknown) => JSON.stringify(rows);
    const [scanned, setting, probed] = await db.asSystem(async (tx) => [
      plan(await tx.execute(`explain select n from ${table}`)),
      await tx.execute("set local work_mem = '8MB'; select current_setting('work_mem') as setting"),
      plan(await tx.execute(`set local enable_seqscan = off; explain select n from ${table}`)),
    ]);
    expect(scanned).toContain('Seq Scan');
    expect(setting).toEqual([{ setting: '8MB' }]);
    expect(probed).toContain(`${table}_pkey`);
  });

  it('keep a first statement with bind parameters inside them, and roll it back with them', async () => {
    await expect(
      db.asSystem(async (tx) => {
        const rows = unnestRows([[1], [2]], ['int8']);
        await tx.execute(`insert into ${table} (n) select * from (${rows.sql}) as v`, rows.params);
        expect(await tx.execute<{ same: boolean }[]>('select now() = statement_timestamp() as same')).toEqual([{ same: false }]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await expect(
      db.asSystem(async (tx) => {
        await tx.execute(`insert into ${table} (n) values (?)`, [3]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    expect(await rowsOf()).toEqual([]);
  });

  it('stay open after a first statement PostgreSQL refused whole, and after a first savepoint', async () => {
    await expect(
      db.asSystem(async (tx) => {
        await expect(tx.execute('selec 1')).rejects.toThrow(/syntax error/);
        await tx.execute(`insert into ${table} (n) values (?)`, [5]);
        throw new Error('rolled back');
      }),
    ).rejects.toThrow('rolled back');
    await db.asSystem(async (tx) => {
      await tx.execute('savepoint first');
      await tx.execute(`insert into ${table} (n) values (?)`, [6]);
      await tx.execute('rollback to savepoint first');
      await tx.execute(`insert into ${table} (n) values (?)`, [7]);
    });
    expect(await rowsOf()).toEqual([7]);
    await db.asSystem((tx) => tx.execute(`delete from ${table}`));
  });

  it('commit what they wrote, and end without a statement', async () => {
    expect(await db.asSystem(async () => 'nothing ran')).toBe('nothing ran');
    await expect(db.asSystem(async () => Promise.reject(new Error('nothing ran either')))).rejects.toThrow('nothing ran either');
    await db.asSystem((tx) => tx.execute(`insert into ${table} (n) values (?)`, [4]));
    await expect(db.asSystem((tx) => tx.execute('select 1 / 0'))).rejects.toThrow(/division by zero/);
    expect(await rowsOf()).toEqual([4]);
  });
});
