import type { MikroORM } from '@mikro-orm/postgresql';
import { createOrm, Db, type Tx } from '@loyalty/database';
import { DomainError, newId, type RequestContext } from '@loyalty/shared';
import { coreEntities } from '@loyalty/loyalty';
import { createScratchDatabase, type ScratchDatabase } from '@loyalty/testing';
import { LedgerService } from '../application/ledger.service';
import { verifyDatabase } from '../application/verify-ledger';
import { ACCOUNT_CODES, ASSETS, standardAccounts } from '../contracts/ledger.contracts';

/**
 * Medium tests: the ledger against a real PostgreSQL, under row-level security. On a database of
 * its own: the expiry sweep covers every tenant, and other suites leave expired lots behind.
 */
describe('LedgerService (real PostgreSQL)', () => {
  let orm: MikroORM;
  let db: Db;
  let database: ScratchDatabase;
  const ledger = new LedgerService();

  beforeAll(async () => {
    database = await createScratchDatabase('ledger');
    orm = await createOrm({ url: database.url, entities: coreEntities });
    db = new Db(orm);
  });
  afterAll(async () => {
    await orm.close();
    expect(await verifyDatabase(database.url)).toEqual([]);
    await database.drop();
  });

  function tenant() {
    const tenantId = newId();
    const merchantId = newId();
    const ctx: RequestContext = { tenantId, merchantId: null, storeId: null, actorId: 'test', roles: ['ALLIANCE_OPERATOR'], correlationId: 'ledger-spec' };
    return { tenantId, merchantId, ctx };
  }

  async function setup(initialPoints: number, lotExpiresAt: Date | null = null) {
    const t = tenant();
    const memberId = newId();
    const ids = await db.inTenant(t.ctx, async (tx) => {
      const issuance = await ledger.accountIdFor(tx, standardAccounts.merchantIssuance(t.tenantId, t.merchantId));
      const redemption = await ledger.accountIdFor(tx, standardAccounts.merchantRedemption(t.tenantId, t.merchantId));
      const member = await ledger.accountIdFor(tx, standardAccounts.memberPoints(t.tenantId, memberId));
      if (initialPoints > 0) {
        await ledger.createTransfer(tx, t.ctx, { id: newId(), debitAccountId: issuance, creditAccountId: member, amount: initialPoints, kind: 'EARN', memberId, lotExpiresAt });
      }
      return { issuance, redemption, member };
    });
    return { ...t, ...ids, memberId };
  }

  const available = (ctx: RequestContext, accountId: string) => db.inTenant(ctx, async (tx) => (await ledger.getAccount(tx, accountId))!.available);

  async function domainError(work: Promise<unknown>): Promise<DomainError> {
    try {
      await work;
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    throw new Error('expected a DomainError');
  }

  it('moves an amount between two accounts and keeps both sides', async () => {
    const s = await setup(100);
    await db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 40, kind: 'REDEEM' }));
    const accounts = await db.inTenant(s.ctx, async (tx) => Promise.all([s.issuance, s.member, s.redemption].map((id) => ledger.getAccount(tx, id))));
    expect(accounts.map((a) => [a!.debitsPosted, a!.creditsPosted])).toEqual([
      [100, 0],
      [40, 100],
      [0, 40],
    ]);
  });

  it('treats the same transfer id as one transfer, and a different transfer under it as a conflict', async () => {
    const s = await setup(100);
    const id = newId();
    const request = { id, debitAccountId: s.member, creditAccountId: s.redemption, amount: 10, kind: 'REDEEM' };
    const first = await db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, request));
    const second = await db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, request));
    expect(second).toEqual(first);
    expect(await available(s.ctx, s.member)).toBe(90);
    const error = await domainError(db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { ...request, amount: 11 })));
    expect(error.code).toBe('TRANSFER_ID_CONFLICT');
  });

  it('refuses a debit beyond a no-overdraft account’s credits and leaves everything as it was', async () => {
    const s = await setup(50);
    const error = await domainError(
      db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 51, kind: 'REDEEM' })),
    );
    expect(error).toMatchObject({ code: 'INSUFFICIENT_FUNDS', status: 422, details: { available: 50, requested: 51 } });
    expect(await available(s.ctx, s.member)).toBe(50);
  });

  it('rejects non-positive and fractional amounts and transfers across assets', async () => {
    const s = await setup(10);
    for (const amount of [0, -5, 1.5]) {
      const error = await domainError(db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount, kind: 'X' })));
      expect(error.code).toBe('INVALID_AMOUNT');
    }
    const storedValue = await db.inTenant(s.ctx, (tx) => ledger.accountIdFor(tx, standardAccounts.memberStoredValue(s.tenantId, s.memberId)));
    const mismatch = await domainError(
      db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: storedValue, amount: 1, kind: 'X' })),
    );
    expect(mismatch.code).toBe('ASSET_MISMATCH');
  });

  it('reserves with a pending transfer, then posts it', async () => {
    const s = await setup(100);
    const pendingId = newId();
    await db.inTenant(s.ctx, (tx) =>
      ledger.createTransfer(tx, s.ctx, { id: pendingId, debitAccountId: s.member, creditAccountId: s.redemption, amount: 70, kind: 'REDEEM', phase: 'pending' }),
    );
    expect(await available(s.ctx, s.member)).toBe(30);
    // The reservation counts: another 31 cannot be spent meanwhile.
    const blocked = await domainError(
      db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 31, kind: 'REDEEM' })),
    );
    expect(blocked.code).toBe('INSUFFICIENT_FUNDS');
    const postId = newId();
    const posted = await db.inTenant(s.ctx, (tx) => ledger.resolvePending(tx, s.ctx, { id: postId, pendingId, action: 'post' }));
    expect(posted).toMatchObject({ phase: 'post', pendingId, amount: 70 });
    // Posting again with the same id is the same post; voiding a posted reservation is refused.
    expect(await db.inTenant(s.ctx, (tx) => ledger.resolvePending(tx, s.ctx, { id: postId, pendingId, action: 'post' }))).toEqual(posted);
    const again = await domainError(db.inTenant(s.ctx, (tx) => ledger.resolvePending(tx, s.ctx, { id: newId(), pendingId, action: 'void' })));
    expect(again.code).toBe('PENDING_TRANSFER_ALREADY_RESOLVED');
    const redemption = await db.inTenant(s.ctx, (tx) => ledger.getAccount(tx, s.redemption));
    expect(redemption).toMatchObject({ creditsPosted: 70, creditsPending: 0 });
    expect(await available(s.ctx, s.member)).toBe(30);
  });

  it('voids a pending transfer and puts the points back into the lots they came from', async () => {
    const s = await setup(100, new Date(Date.now() + 86_400_000));
    const pendingId = newId();
    await db.inTenant(s.ctx, (tx) =>
      ledger.createTransfer(tx, s.ctx, { id: pendingId, debitAccountId: s.member, creditAccountId: s.redemption, amount: 60, kind: 'REDEEM', phase: 'pending' }),
    );
    const lotsDuring = await db.inTenant(s.ctx, (tx) => ledger.openLots(tx, s.member));
    expect(lotsDuring.map((l) => l.remaining)).toEqual([40]);
    await db.inTenant(s.ctx, (tx) => ledger.resolvePending(tx, s.ctx, { id: newId(), pendingId, action: 'void' }));
    expect(await available(s.ctx, s.member)).toBe(100);
    const lotsAfter = await db.inTenant(s.ctx, (tx) => ledger.openLots(tx, s.member));
    expect(lotsAfter.map((l) => l.remaining)).toEqual([100]);
    const missing = await domainError(db.inTenant(s.ctx, (tx) => ledger.resolvePending(tx, s.ctx, { id: newId(), pendingId: newId(), action: 'post' })));
    expect(missing.code).toBe('PENDING_TRANSFER_NOT_FOUND');
  });

  it('spends the earliest-expiring points first, across lots', async () => {
    const s = await setup(0);
    const inDays = (d: number) => new Date(Date.now() + d * 86_400_000);
    await db.inTenant(s.ctx, async (tx) => {
      for (const [amount, days] of [
        [30, 300],
        [20, 10],
        [25, 100],
      ] as const) {
        await ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.issuance, creditAccountId: s.member, amount, kind: 'EARN', lotExpiresAt: inDays(days) });
      }
      await ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 35, kind: 'REDEEM' });
    });
    const lots = await db.inTenant(s.ctx, (tx) => ledger.openLots(tx, s.member));
    // 20 (10 days) gone, 15 of the 25 (100 days) gone, the 30 (300 days) untouched.
    expect(lots.map((l) => [l.amount, l.remaining])).toEqual([
      [25, 10],
      [30, 30],
    ]);
  });

  it('expires overdue lots to breakage before a debit, and reports each expiry as an event', async () => {
    const s = await setup(80, new Date(Date.now() - 60_000));
    await db.inTenant(s.ctx, (tx) =>
      ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.issuance, creditAccountId: s.member, amount: 5, kind: 'EARN', lotExpiresAt: null }),
    );
    expect(await available(s.ctx, s.member)).toBe(5);
    const error = await domainError(
      db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 6, kind: 'REDEEM' })),
    );
    expect(error.code).toBe('INSUFFICIENT_FUNDS');
    const breakage = await db.inTenant(s.ctx, (tx) => ledger.findAccount(tx, s.tenantId, ASSETS.POINTS, ACCOUNT_CODES.BREAKAGE, s.tenantId));
    expect(breakage).toMatchObject({ creditsPosted: 80 });
    const events = await db.asSystem((tx) => tx.execute<{ type: string; payload: { points: number } }[]>('select type, payload from outbox_event where tenant_id = ?', [s.tenantId]));
    expect(events).toEqual([{ type: 'points.expired.v1', payload: expect.objectContaining({ points: 80, memberId: s.memberId }) }]);
  });

  it('expires the overdue lots of every account a batch touches before applying it: one expiry and one event per lot', async () => {
    const s = await setup(0);
    const other = newId();
    const earn = (tx: Tx, creditAccountId: string, amount: number, lotExpiresAt: Date | null) =>
      ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.issuance, creditAccountId, amount, kind: 'EARN', lotExpiresAt });
    const otherMember = await db.inTenant(s.ctx, async (tx) => {
      const account = await ledger.accountIdFor(tx, standardAccounts.memberPoints(s.tenantId, other));
      await earn(tx, s.member, 30, new Date(Date.now() - 60_000));
      await earn(tx, s.member, 20, new Date(Date.now() - 30_000));
      await earn(tx, s.member, 50, null);
      await earn(tx, account, 40, new Date(Date.now() - 10_000));
      return account;
    });
    const outcomes = await db.inTenant(s.ctx, (tx) =>
      ledger.createTransfers(tx, s.ctx, [
        { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 10, kind: 'REDEEM' },
        { id: newId(), debitAccountId: otherMember, creditAccountId: s.redemption, amount: 1, kind: 'REDEEM' },
        { id: newId(), debitAccountId: s.issuance, creditAccountId: otherMember, amount: 7, kind: 'EARN', lotExpiresAt: null },
      ]),
    );
    expect(outcomes.map((o) => (o.ok ? o.available : o.error.code))).toEqual([{ debit: 40, credit: 10 }, 'INSUFFICIENT_FUNDS', { debit: -147, credit: 7 }]);
    const breakage = await db.inTenant(s.ctx, (tx) => ledger.findAccount(tx, s.tenantId, ASSETS.POINTS, ACCOUNT_CODES.BREAKAGE, s.tenantId));
    expect(breakage).toMatchObject({ creditsPosted: 90, debitsPosted: 0 });
    const expiries = await db.asSystem((tx) =>
      tx.execute<{ member: string; amount: number; lot: number; consumed: number }[]>(
        `select t.member_id as member, t.amount, l.amount as lot, c.amount as consumed from ledger_transfer t
         join ledger_lot_consumption c on c.transfer_id = t.id join ledger_lot l on l.id = c.lot_id
         where t.tenant_id = ? and t.kind = 'EXPIRY' order by t.amount`,
        [s.tenantId],
      ),
    );
    expect(expiries).toEqual([
      { member: s.memberId, amount: 20, lot: 20, consumed: 20 },
      { member: s.memberId, amount: 30, lot: 30, consumed: 30 },
      { member: other, amount: 40, lot: 40, consumed: 40 },
    ]);
    const events = await db.asSystem((tx) =>
      tx.execute<{ memberId: string; points: number }[]>(
        `select payload->>'memberId' as "memberId", (payload->>'points')::int as points from outbox_event where tenant_id = ? and type = 'points.expired.v1' order by points`,
        [s.tenantId],
      ),
    );
    expect(events).toEqual([
      { memberId: s.memberId, points: 20 },
      { memberId: s.memberId, points: 30 },
      { memberId: other, points: 40 },
    ]);
    expect(await available(s.ctx, s.member)).toBe(40);
    expect(await available(s.ctx, otherMember)).toBe(7);
  });

  it('sweeps the overdue lots of several tenants in one pass, each into its own breakage account and outbox', async () => {
    const [a, b] = [await setup(25, new Date(Date.now() - 1_000)), await setup(15, new Date(Date.now() - 1_000))];
    expect(await db.asSystem((tx) => ledger.expireDueLots(tx, new Date(), 'sweep-spec'))).toBeGreaterThanOrEqual(40);
    for (const [s, points] of [[a, 25], [b, 15]] as const) {
      expect(await available(s.ctx, s.member)).toBe(0);
      const breakage = await db.inTenant(s.ctx, (tx) => ledger.findAccount(tx, s.tenantId, ASSETS.POINTS, ACCOUNT_CODES.BREAKAGE, s.tenantId));
      expect(breakage).toMatchObject({ creditsPosted: points });
      const events = await db.asSystem((tx) =>
        tx.execute<{ points: number }[]>(`select (payload->>'points')::int as points from outbox_event where tenant_id = ? and type = 'points.expired.v1'`, [s.tenantId]),
      );
      expect(events).toEqual([{ points }]);
    }
  });

  it('sweeps every account with overdue lots in one pass, once', async () => {
    const s = await setup(25, new Date(Date.now() - 1_000));
    expect(await db.asSystem((tx) => ledger.expireDueLots(tx, new Date(), 'sweep-spec'))).toBeGreaterThanOrEqual(25);
    expect(await available(s.ctx, s.member)).toBe(0);
    const [{ count }] = await db.asSystem((tx) =>
      tx.execute<{ count: number }[]>(`select count(*) as count from ledger_transfer where member_id = ? and kind = 'EXPIRY'`, [s.memberId]),
    );
    expect(count).toBe(1);
    await db.asSystem((tx) => ledger.expireDueLots(tx, new Date(), 'sweep-spec'));
    const [{ count: after }] = await db.asSystem((tx) =>
      tx.execute<{ count: number }[]>(`select count(*) as count from ledger_transfer where member_id = ? and kind = 'EXPIRY'`, [s.memberId]),
    );
    expect(after).toBe(1);
  });

  it('lets no concurrency overdraw an account: 60 parallel debits of 1 against 40', async () => {
    const s = await setup(40);
    const results = await Promise.allSettled(
      Array.from({ length: 60 }, () =>
        db.inTenant(s.ctx, (tx) => ledger.createTransfer(tx, s.ctx, { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 1, kind: 'REDEEM' })),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(40);
    expect(results.filter((r) => r.status === 'rejected').every((r) => (r as PromiseRejectedResult).reason.code === 'INSUFFICIENT_FUNDS')).toBe(true);
    expect(await available(s.ctx, s.member)).toBe(0);
  });

  it('applies a batch in order, each transfer succeeding or failing on its own', async () => {
    const s = await setup(10);
    const earn = { id: newId(), debitAccountId: s.issuance, creditAccountId: s.member, amount: 50, kind: 'EARN', lotExpiresAt: new Date(Date.now() + 86_400_000) };
    const spendNew = { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 55, kind: 'REDEEM' };
    const tooMuch = { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 6, kind: 'REDEEM' };
    const exact = { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 5, kind: 'REDEEM' };
    const outcomes = await db.inTenant(s.ctx, (tx) =>
      ledger.createTransfers(tx, s.ctx, [earn, spendNew, tooMuch, { ...spendNew, amount: 1 }, exact, { ...earn, amount: 0, id: newId() }]),
    );
    expect(outcomes.map((o) => (o.ok ? 'ok' : o.error.code))).toEqual(['ok', 'ok', 'INSUFFICIENT_FUNDS', 'TRANSFER_ID_CONFLICT', 'ok', 'INVALID_AMOUNT']);
    expect(await available(s.ctx, s.member)).toBe(0);
    // The 55 came from the old lot (it expires never) and the lot the batch created.
    const lots = await db.asSystem((tx) => tx.execute<{ amount: number; remaining: number }[]>('select amount, remaining from ledger_lot where account_id = ? order by amount', [s.member]));
    expect(lots).toEqual([
      { amount: 10, remaining: 0 },
      { amount: 50, remaining: 0 },
    ]);
  });

  it('plans the batch’s account and lot probes at each run: no connection keeps a plan made while the tables were young', async () => {
    const s = await setup(10);
    const earn = { id: newId(), debitAccountId: s.issuance, creditAccountId: s.member, amount: 5, kind: 'EARN', lotExpiresAt: new Date(Date.now() + 86_400_000) };
    const spend = { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 12, kind: 'REDEEM' };
    const prepared = await db.inTenant(s.ctx, async (tx) => {
      // Seven runs on one connection: past PostgreSQL's five custom plans before it may settle on a generic one.
      for (let run = 0; run < 7; run++) await ledger.createTransfers(tx, s.ctx, [{ ...earn, id: newId() }, { ...spend, id: newId(), amount: 1 }]);
      // The locking probe and the write's probes (accounts' sums, spent lots), by primary key under row-level security.
      return tx.execute<{ statement: string }[]>(
        `select statement from pg_prepared_statements where statement like '%a.id = d.account_id%' or statement like '%where id = v.id limit 1%'`,
      );
    });
    expect(prepared).toEqual([]);
    expect(await available(s.ctx, s.member)).toBe(10 + 7 * 5 - 7);
  });

  it('answers a transfer repeated within one batch with the first one, once', async () => {
    const s = await setup(20);
    const request = { id: newId(), debitAccountId: s.member, creditAccountId: s.redemption, amount: 4, kind: 'REDEEM' };
    const [first, repeated] = await db.inTenant(s.ctx, (tx) => ledger.createTransfers(tx, s.ctx, [request, { ...request }]));
    expect(repeated.ok && repeated.transfer).toEqual(first.ok && first.transfer);
    expect(await available(s.ctx, s.member)).toBe(16);
  });

  it('forgets an account opened in a transaction that rolled back', async () => {
    const t = tenant();
    const spec = standardAccounts.merchantIssuance(t.tenantId, t.merchantId);
    await expect(
      db.inTenant(t.ctx, async (tx) => {
        await ledger.accountIdFor(tx, spec);
        await ledger.accountIdFor(tx, spec);
        throw new Error('roll back');
      }),
    ).rejects.toThrow('roll back');
    const id = await db.inTenant(t.ctx, (tx) => ledger.accountIdFor(tx, spec));
    expect(await db.asSystem((tx) => tx.execute('select id from ledger_account where id = ?', [id]))).toHaveLength(1);
  });

  it('returns the earlier transfer when a batch repeats an id already applied, as the batch wrote it', async () => {
    const s = await setup(20);
    const request = {
      id: newId(),
      debitAccountId: s.member,
      creditAccountId: s.redemption,
      amount: 7,
      kind: 'REDEEM',
      merchantId: s.merchantId,
      memberId: s.memberId,
      reference: 'order-7',
      occurredAt: new Date('2026-11-30T08:00:00.123Z'),
    };
    const pending = { ...request, id: newId(), amount: 3, phase: 'pending' as const, storeId: newId(), reference: null };
    const [first, firstPending] = await db.inTenant(s.ctx, (tx) => ledger.createTransfers(tx, s.ctx, [request, pending]));
    const [again, againPending] = await db.inTenant(s.ctx, (tx) => ledger.createTransfers(tx, s.ctx, [request, pending]));
    expect(again.ok && again.transfer).toEqual(first.ok && first.transfer);
    expect(againPending.ok && againPending.transfer).toEqual(firstPending.ok && firstPending.transfer);
    expect(firstPending.ok && firstPending.transfer).toMatchObject({ phase: 'pending', pendingStatus: 'pending', pendingId: null, reference: null });
    expect(first.ok && first.available).toEqual({ debit: 13, credit: 7 });
    expect(await available(s.ctx, s.member)).toBe(10);
  });

  it('has the database refuse a negative balance even if code bypassed the checks', async () => {
    const s = await setup(10);
    await expect(db.asSystem((tx) => tx.execute('update ledger_account set debits_posted = debits_posted + 11 where id = ?', [s.member]))).rejects.toThrow(
      /ledger_account_debits_le_credits/,
    );
  });
});
