import { afterCommit, type BatchableWrite, type Db, WriteBatcher, type WriteJob } from '@loyalty/database';
import { newId, type RequestContext } from '@loyalty/shared';
import { openTestDb } from './test-db';

/** Group commit: which writes share a transaction. */
describe('WriteBatcher', () => {
  let db: Db;
  beforeAll(async () => (db = await openTestDb()));
  afterAll(() => db.orm.close());

  const jobOf = (ctx: RequestContext) => (n: number): WriteJob<number> => ({ ctx, key: `batching-${n}`, endpoint: 'TEST', body: { n }, data: n });
  const newCtx = (): RequestContext => ({ tenantId: newId(), merchantId: newId(), storeId: newId(), actorId: 'test', roles: ['POS'], correlationId: 'batching' });

  it('gives the writes submitted in one turn of the event loop one batch, and those arriving while it runs the next', async () => {
    const batches: number[][] = [];
    const echo: BatchableWrite<number, number> = {
      applyBatch: async (_tx, jobs) => {
        batches.push(jobs.map((job) => job.data));
        return jobs.map((job) => ({ ok: true, outcome: { status: 201, body: job.data } }));
      },
    };
    const batcher = new WriteBatcher(db, { maxBatch: 500, maxInFlight: 1 });
    const job = jobOf(newCtx());

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

  it('begins the next batch while the one before commits, never while it applies its writes', async () => {
    const events: string[] = [];
    let finishFirst!: () => void;
    const firstMayFinish = new Promise<void>((resolve) => (finishFirst = resolve));
    const echo: BatchableWrite<number, number> = {
      applyBatch: async (tx, jobs) => {
        const names = jobs.map((job) => job.data).join(',');
        events.push(`apply ${names}`);
        if (jobs[0].data === 1) {
          await firstMayFinish;
          // The first batch's commit takes 300 ms: a deferred trigger sleeps then.
          await tx.execute(`create or replace function pg_temp.slow_commit() returns trigger language plpgsql as $$ begin perform pg_sleep(0.3); return null; end $$`);
          await tx.execute('create temp table slow_commit (n int) on commit drop');
          await tx.execute('create constraint trigger slow_commit after insert on slow_commit initially deferred for each row execute function pg_temp.slow_commit()');
          await tx.execute('insert into slow_commit values (1)');
        }
        afterCommit(tx, () => events.push(`committed ${names}`));
        events.push(`applied ${names}`);
        return jobs.map((job) => ({ ok: true, outcome: { status: 201, body: job.data } }));
      },
    };
    const batcher = new WriteBatcher(db, { maxBatch: 500, maxInFlight: 1 });
    const job = jobOf(newCtx());

    const first = batcher.submit(echo, job(1));
    await new Promise((resolve) => setImmediate(resolve));
    const second = batcher.submit(echo, job(2));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(events).toEqual(['apply 1']);
    finishFirst();
    expect((await Promise.all([first, second])).map((outcome) => outcome.body)).toEqual([1, 2]);
    // The second batch applied its writes while the first was committing (with no rows in common, it may commit first).
    expect(events.slice(0, 4)).toEqual(['apply 1', 'applied 1', 'apply 2', 'applied 2']);
    expect(events.slice(4).sort()).toEqual(['committed 1', 'committed 2']);
  });
});
