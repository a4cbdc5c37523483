import type { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { createOrm, Db } from '@loyalty/database';
import { LedgerService, standardAccounts, verifyDatabase } from '@loyalty/ledger';
import { newId, type RequestContext } from '@loyalty/shared';
import { createScratchDatabase, type ScratchDatabase } from '@loyalty/testing';

/**
 * verify must name each broken invariant. It runs on a scratch database of its own: the shared
 * test database is checked after every suite and must stay clean.
 */
describe('verify (ledger invariants)', () => {
  let scratch: ScratchDatabase;
  let url: string;
  let orm: MikroORM;
  let ids: { member: string; issuance: string; redemption: string; pending: string };

  beforeAll(async () => {
    scratch = await createScratchDatabase('verify');
    url = scratch.url;
    orm = await createOrm({ url, entities: [] });
    const db = new Db(orm);
    const ledger = new LedgerService();
    const tenantId = newId();
    const merchantId = newId();
    const ctx: RequestContext = { tenantId, merchantId: null, storeId: null, actorId: 'test', roles: ['ALLIANCE_OPERATOR'], correlationId: 'verify-spec' };
    ids = await db.inTenant(ctx, async (tx) => {
      const issuance = await ledger.accountIdFor(tx, standardAccounts.merchantIssuance(tenantId, merchantId));
      const redemption = await ledger.accountIdFor(tx, standardAccounts.merchantRedemption(tenantId, merchantId));
      const member = await ledger.accountIdFor(tx, standardAccounts.memberPoints(tenantId, newId()));
      await ledger.createTransfer(tx, ctx, { id: newId(), debitAccountId: issuance, creditAccountId: member, amount: 100, kind: 'EARN', lotExpiresAt: null });
      const pending = newId();
      await ledger.createTransfer(tx, ctx, { id: pending, debitAccountId: member, creditAccountId: redemption, amount: 10, kind: 'REDEEM', phase: 'pending' });
      return { member, issuance, redemption, pending };
    });
  });

  afterAll(async () => {
    await orm.close();
    await scratch.drop();
  });

  const checksFailing = async () => [...new Set((await verifyDatabase(url)).map((v) => v.check))].sort();
  async function sql(text: string, params: unknown[] = []) {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      await client.query(text, params);
    } finally {
      await client.end();
    }
  }

  it('is clean on a consistent ledger', async () => {
    expect(await verifyDatabase(url)).toEqual([]);
  });

  it('names an account whose sums no longer match its transfers, and a ledger that no longer sums to zero', async () => {
    await sql('update ledger_account set credits_posted = credits_posted + 5 where id = $1', [ids.redemption]);
    expect(await checksFailing()).toEqual(['account sums equal its transfers', 'ledger sums to zero']);
    await sql('update ledger_account set credits_posted = credits_posted - 5 where id = $1', [ids.redemption]);
    expect(await verifyDatabase(url)).toEqual([]);
  });

  it('names lots that disagree with the balance', async () => {
    await sql('update ledger_lot set remaining = remaining - 1 where account_id = $1', [ids.member]);
    expect(await checksFailing()).toEqual(['lot remaining equals amount less live consumptions', 'lots agree with balances']);
    await sql('update ledger_lot set remaining = remaining + 1 where account_id = $1', [ids.member]);
  });

  it('names a forbidden negative balance even where the database constraint was dropped', async () => {
    await sql('alter table ledger_account drop constraint ledger_account_debits_le_credits');
    await sql('update ledger_account set debits_posted = debits_posted + 200, credits_posted = credits_posted + 0 where id = $1', [ids.member]);
    await sql('update ledger_account set credits_posted = credits_posted + 200 where id = $1', [ids.redemption]);
    const violations = await verifyDatabase(url);
    expect(violations.find((v) => v.check === 'no forbidden negative balance')?.detail).toContain(ids.member);
    await sql('update ledger_account set debits_posted = debits_posted - 200 where id = $1', [ids.member]);
    await sql('update ledger_account set credits_posted = credits_posted - 200 where id = $1', [ids.redemption]);
    await sql('alter table ledger_account add constraint ledger_account_debits_le_credits check (not debits_must_not_exceed_credits or debits_posted + debits_pending <= credits_posted)');
    expect(await verifyDatabase(url)).toEqual([]);
  });

  it('names a post that settles no pending transfer', async () => {
    await sql('alter table ledger_transfer drop constraint ledger_transfer_pending_fk');
    await sql(
      `insert into ledger_transfer (id, tenant_id, asset, debit_account_id, credit_account_id, amount, kind, phase, pending_id, occurred_at, created_at)
       select $1, tenant_id, asset, debit_account_id, credit_account_id, amount, kind, 'post', $2, now(), now() from ledger_transfer where id = $3`,
      [newId(), newId(), ids.pending],
    );
    expect(await checksFailing()).toContain('post and void settle a pending transfer');
  });
});
