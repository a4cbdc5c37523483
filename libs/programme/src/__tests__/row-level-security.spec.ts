import { systemQuery, type TestPlatform } from '@loyalty/testing';
import { programmeEntities } from '../index';
import { bootProgrammeBed } from './programme-fixtures';

describe('row-level security of the programme’s tables (real PostgreSQL)', () => {
  let platform: TestPlatform;
  beforeAll(async () => {
    ({ platform } = await bootProgrammeBed(1));
  });
  afterAll(() => platform.close());

  it('confines every table of the programme to its tenant with a policy', async () => {
    const tables = programmeEntities.map((entity) => entity.meta.tableName);
    expect(tables).toHaveLength(25);
    const rows = await systemQuery<{ table: string; secured: boolean; policies: number }>(
      platform,
      `select c.relname as "table", c.relrowsecurity as secured, (select count(*)::int from pg_policy p where p.polrelid = c.oid) as policies
       from pg_class c where c.relkind = 'r' and c.relname = any(?::text[]) order by c.relname`,
      [`{${tables.join(',')}}`],
    );
    expect(rows).toEqual([...tables].sort().map((table) => ({ table, secured: true, policies: 1 })));
  });
});
