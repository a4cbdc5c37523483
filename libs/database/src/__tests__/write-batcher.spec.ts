import { type BatchableWrite, type BatchReport, type Db, WriteBatcher, type WriteJob } from '@loyalty/database';
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

  it('reports each batch to its observers: its jobs, its wall time, whether it committed; a failing observer changes nothing', async () => {
    const echo: BatchableWrite<number, number> = { applyBatch: async (_tx, jobs) => jobs.map((job) => ({ ok: true, outcome: { status: 201, body: job.data } })) };
    const broken: BatchableWrite<number, number> = {
      applyBatch: async () => {
        throw new Error('handler failed');
      },
    };
    const batcher = new WriteBatcher(db, { maxBatch: 500, maxInFlight: 1 });
    const reports: BatchReport[] = [];
    batcher.observe(() => {
      throw new Error('observer failed');
    });
    batcher.observe((batch) => reports.push(batch));
    const ctx: RequestContext = { tenantId: newId(), merchantId: newId(), storeId: newId(), actorId: 'test', roles: ['POS'], correlationId: 'observed' };
    const job = (n: number): WriteJob<number> => ({ ctx, key: `observed-${n}`, endpoint: 'TEST', body: { n }, data: n });

    expect((await Promise.all([1, 2, 3].map((n) => batcher.submit(echo, job(n))))).map((outcome) => outcome.body)).toEqual([1, 2, 3]);
    // A batch that fails is retried job by job: each retry is a batch of its own.
    const failed = await Promise.allSettled([4, 5].map((n) => batcher.submit(broken, job(n))));

    expect(failed.map((outcome) => outcome.status)).toEqual(['rejected', 'rejected']);
    expect(reports.map(({ jobs, committed }) => ({ jobs, committed }))).toEqual([
      { jobs: 3, committed: true },
      { jobs: 2, committed: false },
      { jobs: 1, committed: false },
      { jobs: 1, committed: false },
    ]);
    expect(reports.every(({ seconds }) => seconds > 0)).toBe(true);
  });
});
