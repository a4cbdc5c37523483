import { type BatchableWrite, type BatchReport, type Db, eachMerchant, type Tx, WriteBatcher, type WriteJob } from '@loyalty/database';
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

  const merchantScope = async (tx: Tx) => (await tx.execute<{ m: string }[]>(`select current_setting('app.merchant_id', true) as m`))[0].m;

  it('gives a handler that spans merchants a tenant’s jobs of every merchant at once, narrowed to none; others one merchant’s at a time, narrowed to it', async () => {
    const seen: { handler: string; merchants: string[]; scope: string }[] = [];
    const recorder = (handler: string, spansMerchants: boolean): BatchableWrite<number, number> => ({
      spansMerchants,
      applyBatch: async (tx, jobs) => {
        seen.push({ handler, merchants: [...new Set(jobs.map((job) => job.ctx.merchantId!))], scope: await merchantScope(tx) });
        return jobs.map((job) => ({ ok: true, outcome: { status: 201, body: job.data } }));
      },
    });
    const spanning = recorder('spanning', true);
    const perMerchant = recorder('per merchant', false);
    const tenantId = newId();
    const [a, b] = [newId(), newId()];
    const job = (merchantId: string, n: number): WriteJob<number> => ({
      ctx: { tenantId, merchantId, storeId: newId(), actorId: 'test', roles: ['POS'], correlationId: 'spanning' },
      key: `spanning-${n}`,
      endpoint: 'TEST',
      body: { n },
      data: n,
    });
    const batcher = new WriteBatcher(db, { maxBatch: 500, maxInFlight: 1 });

    await Promise.all([batcher.submit(spanning, job(a, 1)), batcher.submit(perMerchant, job(a, 2)), batcher.submit(spanning, job(b, 3)), batcher.submit(perMerchant, job(b, 4))]);
    // Alone in its batch, one merchant's job is narrowed to it, whatever its handler.
    await batcher.submit(spanning, job(b, 5));

    expect(seen).toEqual([
      { handler: 'spanning', merchants: [a, b], scope: '' },
      { handler: 'per merchant', merchants: [a], scope: a },
      { handler: 'per merchant', merchants: [b], scope: b },
      { handler: 'spanning', merchants: [b], scope: b },
    ]);
  });

  it('narrows a tenant-wide transaction to each merchant in turn and widens it after; a narrowed one reaches no other merchant', async () => {
    const tenantId = newId();
    const [a, b] = [newId(), newId()];
    const ctx = (merchantId: string | null): RequestContext => ({ tenantId, merchantId, storeId: null, actorId: 'test', roles: ['MERCHANT_ADMIN'], correlationId: 'narrowing' });

    const narrowed = await db.inTenant(ctx(null), async (tx) => {
      const scopes: string[] = [];
      await eachMerchant(tx, [a, b], async (merchantId) => {
        scopes.push(`${merchantId === a ? 'a' : 'b'}:${(await merchantScope(tx)) === merchantId}`);
      });
      return { scopes, after: await merchantScope(tx) };
    });
    expect(narrowed).toEqual({ scopes: ['a:true', 'b:true'], after: '' });

    await expect(db.inTenant(ctx(a), (tx) => eachMerchant(tx, [a, b], async () => undefined))).rejects.toThrow(`narrowed to merchant ${a} cannot reach merchant ${b}`);
    const own = await db.inTenant(ctx(a), async (tx) => {
      const ran: string[] = [];
      await eachMerchant(tx, [a], async (merchantId) => void ran.push(merchantId));
      return { ran, after: await merchantScope(tx) };
    });
    expect(own).toEqual({ ran: [a], after: a });
    await expect(db.asSystem((tx) => eachMerchant(tx, [a], async () => undefined))).rejects.toThrow('needs a transaction inside a tenant');
    // Widening after work that entered the tenant again would widen what that entry narrowed.
    await expect(db.inTenant(ctx(null), (tx) => eachMerchant(tx, [a], () => db.enterTenant(tx, ctx(b))))).rejects.toThrow('entered or left a tenant');
  });
});
