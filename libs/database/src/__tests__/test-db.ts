import { createOrm, Db } from '@loyalty/database';

/** A Db on the test database for raw statements (no entities); close it with `db.orm.close()`. */
export async function openTestDb(): Promise<Db> {
  return new Db(await createOrm({ url: process.env.TEST_DATABASE_URL!, entities: [] }));
}
