import { Db } from '@loyalty/database';
import { newId, type RequestContext } from '@loyalty/shared';
import { bootTestPlatform, createTenant, posContext, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { MemberDirectory } from '../contracts/member-directory';

/**
 * Customers brought over by a history import while a till registers the same phone, or another
 * import gives it (real PostgreSQL, two sessions): the import neither fails nor makes a second
 * member of the phone, nor joins more than five customer numbers into it.
 */
describe('MemberDirectory.ensureByExternalIds against a registration or an import in flight', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let ctx: RequestContext;
  const db = () => platform.app.get(Db);
  const ensure = (customers: { externalId: string; phone?: string }[]) =>
    db().inTenant(ctx, (tx) =>
      platform.app.get(MemberDirectory).ensureByExternalIds(
        tx,
        ctx,
        customers.map((c) => ({ ...c, firstSeenAt: new Date('2025-06-01T00:00:00Z') })),
      ),
    );

  /** A till's registration of the phone, written and held uncommitted until `commit`; `pid` is its session's. */
  async function registrationInFlight(phone: string) {
    const memberId = newId();
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let written!: (pid: number) => void;
    const wrote = new Promise<number>((resolve) => (written = resolve));
    const done = db().inTenant(ctx, async (tx) => {
      await tx.execute('insert into member (id, tenant_id, phone, registered_merchant_id, registered_at) values (?, ?, ?, ?, now())', [memberId, ctx.tenantId, phone, ctx.merchantId]);
      const [{ pid }] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
      written(pid);
      await committing;
    });
    const pid = await wrote;
    return {
      memberId,
      pid,
      commit: () => {
        commit();
        return done;
      },
    };
  }

  /** Until a statement starting with `statement` waits on the registration's session: the import, on its row. */
  async function untilWaiting(pid: number, statement: string) {
    for (const end = Date.now() + 10_000; Date.now() < end; await new Promise((resolve) => setTimeout(resolve, 20))) {
      const [row] = await systemQuery<{ n: string }>(platform, 'select count(*) as n from pg_stat_activity where ? = any(pg_blocking_pids(pid)) and query like ?', [pid, `${statement}%`]);
      if (Number(row.n) > 0) return;
    }
    throw new Error(`no session waited on ${pid} in ${statement}`);
  }

  /** The import started against the registration in flight, and the registration committed once the import waits on it (even if it never does). */
  async function raced<T>(registration: Awaited<ReturnType<typeof registrationInFlight>>, statement: string, importing: () => Promise<T>): Promise<T> {
    const result = importing();
    try {
      await untilWaiting(registration.pid, statement);
    } finally {
      await registration.commit();
    }
    return result;
  }

  /** An import's members written and held uncommitted until `commit`; `pid` is its session's. */
  async function importInFlight(customers: { externalId: string; phone?: string }[]) {
    let commit!: () => void;
    const committing = new Promise<void>((resolve) => (commit = resolve));
    let written!: (pid: number) => void;
    const wrote = new Promise<number>((resolve) => (written = resolve));
    const done = db().inTenant(ctx, async (tx) => {
      const result = await platform.app.get(MemberDirectory).ensureByExternalIds(
        tx,
        ctx,
        customers.map((c) => ({ ...c, firstSeenAt: new Date('2025-06-01T00:00:00Z') })),
      );
      const [{ pid }] = await tx.execute<{ pid: number }[]>('select pg_backend_pid() as pid');
      written(pid);
      await committing;
      return result;
    });
    const pid = await wrote;
    return {
      pid,
      commit: () => {
        commit();
        return done;
      },
    };
  }

  const membersWith = async (phone: string) => (await systemQuery<{ id: string }>(platform, 'select id from member where tenant_id = ? and phone = ?', [ctx.tenantId, phone])).map((m) => m.id);

  beforeAll(async () => {
    platform = await bootTestPlatform();
    tenant = await createTenant(platform.app, { merchants: 1 });
    ctx = posContext(tenant.merchants[0]);
  });
  afterAll(() => platform.close());

  it('leaves the phone to the registration when it commits while the import gives it to a member brought over without one, and says so', async () => {
    const phone = uniquePhone();
    const { ids } = await ensure([{ externalId: 'RACE-1' }]);
    const registration = await registrationInFlight(phone);
    const result = await raced(registration, 'update member m set phone', () => ensure([{ externalId: 'RACE-1', phone }]));
    expect(result.phonesNotTaken).toEqual([{ externalId: 'RACE-1', reason: 'another-members' }]);
    expect(await membersWith(phone)).toEqual([registration.memberId]);
    expect(result.ids.get('RACE-1')).toBe(ids.get('RACE-1'));
  });

  it('links a new customer to the member a registration makes of its phone while the import makes one', async () => {
    const phone = uniquePhone();
    const registration = await registrationInFlight(phone);
    const result = await raced(registration, 'insert into member (id, tenant_id, phone, name, gender, birthday, registered_merchant_id, registered_store_id, registered_at)', () =>
      ensure([{ externalId: 'RACE-2', phone }]),
    );
    expect([result.created, result.matched, result.ids.get('RACE-2')]).toEqual([0, 1, registration.memberId]);
    expect(await membersWith(phone)).toEqual([registration.memberId]);
  });

  it('joins at most five customer numbers into a phone\'s member when two imports of the merchant give it at once', async () => {
    const phone = uniquePhone();
    const numbers = (prefix: string) => [1, 2, 3, 4].map((n) => ({ externalId: `${prefix}-${n}`, phone }));
    const first = await importInFlight(numbers('CAP-A'));
    // The second waits for the first (on its lock; without one, on the phone's unique index) and is let go once it does.
    const second = ensure(numbers('CAP-B'));
    try {
      await untilWaiting(first.pid, '');
    } finally {
      await first.commit();
    }
    const result = await second;
    const [member] = await membersWith(phone);
    const joined = await systemQuery<{ externalId: string }>(
      platform,
      'select external_id as "externalId" from member_external_ref where merchant_id = ? and member_id = ? order by created_at, external_id',
      [ctx.merchantId, member],
    );
    expect(joined.map((r) => r.externalId)).toEqual(['CAP-A-1', 'CAP-A-2', 'CAP-A-3', 'CAP-A-4', 'CAP-B-1']);
    expect(result.phonesNotTaken).toEqual(['CAP-B-2', 'CAP-B-3', 'CAP-B-4'].map((externalId) => ({ externalId, reason: 'placeholder', numbers: 5 })));
    expect([result.created, result.matched]).toEqual([3, 1]);
  });
});
