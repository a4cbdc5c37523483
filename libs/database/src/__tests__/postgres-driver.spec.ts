import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, Db, LoyaltyPostgreSqlPlatform } from '@loyalty/database';

/** The platform's own literal escape, checked by PostgreSQL reading back what it was sent. */
describe('string parameters (inlined as literals by the platform)', () => {
  let orm: MikroORM;
  let db: Db;

  beforeAll(async () => {
    orm = await createOrm({ url: process.env.TEST_DATABASE_URL!, entities: [] });
    db = new Db(orm);
  });
  afterAll(() => orm.close());

  it('arrive unchanged, whatever quotes, backslashes or other characters they hold', async () => {
    const values = ["", "'", "''", "it's", '\\', "\\'", "a\\'b'c\\\\", '"', 'E\'x\'', '$$', '?', '会员 积分 🎁', 'line\nbreak\ttab', "'); drop table member; --"];
    const rows = await db.asSystem((tx) => tx.execute<{ v: string; i: number }[]>(`select ?::text as v, ?::int as i ${values.slice(1).map(() => 'union all select ?::text, ?::int').join(' ')}`, values.flatMap((value, i) => [value, i])));
    expect(rows.sort((a, b) => a.i - b.i).map((row) => row.v)).toEqual(values);
  });

  it('go as the same text as the stock escape would send', () => {
    const platform = orm.em.getPlatform();
    expect(platform).toBeInstanceOf(LoyaltyPostgreSqlPlatform);
    expect(platform.escape("it's")).toBe("'it''s'");
    expect(platform.escape("a\\'b")).toBe(" E'a\\\\''b'");
    expect(platform.escape(5)).toBe(5);
  });
});
