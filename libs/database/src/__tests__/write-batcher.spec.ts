import { type BatchableWrite, type Db, WriteBatcher, type WriteJob } from '@loyalty/database';
import { newId, type RequestContext } from '@loyalty/shared';
import { openTestDb } from './test-db';

/** Group commit: which writes share a transaction. */
describe('WriteBatcher', () => {
  let db: Db;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.orm.close());

  it('gives the writes submitted in one turn of the event loop one batch, and those arriving while it runs the next', async () => {
    const batches: number[][] = [];
    const echo: BatchableWrite<number, number> = {
      applyBatch: async (_tx, jobs) => {
        batches.push(jobs.map((job) => job.data));
        return jobs.map((job) => ({ ok: true, outcome: { status: 201, body: job.data } }));
      },
    };
    const batcher = new WriteBatcher(db, { maxBatch: 500, maxInFlight: 1 });
    const ctx: RequestContext = { tenantId: newId(), merchantId: newId(), storeId: newId(), actorId: 'test', roles: ['POS'], correlationId: 'batching' };
    const job = (n: number): WriteJob<number> => ({ ctx, key: `batching-${n}`, endpoint: 'TEST', body: { n }, data: n });

    // An idle batcher: the first write does not start a transaction of its own before the next two.
    const together = [1, 2, 3].map((n) => batcher.submit(echo, job(n)));
    await new Promise((resolve) => setImmediate(resolve));
    // The first batch is running now.
    const meanwhile = [4, 5].map((n) => batcher.submit(echo, job(n)));

    expect((await Promise.all([...together, ...meanwhile])).map((outcome) => outcome.body)).toEqual([1, 2, 3, 4, 5]);
    expect(batches).toEqual([
      [1, 2, 3],
      [4, 5],
    ]);
  });
});
