import { type MikroORM, PostgreSqlPlatform } from '@mikro-orm/postgresql';
import { createOrm, Db, LoyaltyPostgreSqlPlatform, unnestRows } from '@loyalty/database';

/** The platform's own literal escape, checked by PostgreSQL reading back what it was sent. */
describe('string parameters (inlined as literals by the platform)', () => {
  let orm: MikroORM;
  let db: Db;

  beforeAll(async () => {
    orm = await createOrm({ url: process.env.TEST_DATABASE_URL!, entities: [] });
    db = new Db(orm);
  });
  afterAll(() => orm.close());

  const values = ["", "'", "''", "it's", '\\', "\\'", "a\\'b'c\\\\", '"', 'E\'x\'', '$$', '?', '会员 积分 🎁', 'line\nbreak\ttab', "'); drop table member; --"];

  it('arrive unchanged, whatever quotes, backslashes or other characters they hold', async () => {
    const rows = await db.asSystem((tx) => tx.execute<{ v: string; i: number }[]>(`select ?::text as v, ?::int as i ${values.slice(1).map(() => 'union all select ?::text, ?::int').join(' ')}`, values.flatMap((value, i) => [value, i])));
    expect(rows.sort((a, b) => a.i - b.i).map((row) => row.v)).toEqual(values);
  });

  it('go as the same text as the stock escape would send', () => {
    const platform = orm.em.getPlatform();
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
});
