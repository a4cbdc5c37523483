import { Db, pgArray, TENANT_ROLE, type Tx } from '@loyalty/database';
import { applyOnce, claimInbox, CORE_INBOX_TABLE, CORE_OUTBOX_TABLE, EventTransport, InProcessTransport, type IntegrationEvent, EventRetention, OutboxRelay, type RelayBatchReport } from '@loyalty/events';
import { newId, uuidV7Floor } from '@loyalty/shared';
import { verifyDatabase } from '@loyalty/ledger';
import { bootTestPlatform, createScratchDatabase, createTenant, drainOutbox, idemKey, posPost, systemQuery, type ScratchDatabase, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';

/** On a database of its own: every relay publishes every unpublished row, whoever wrote it. */
describe('integration events through the outbox', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let database: ScratchDatabase;
  const received: IntegrationEvent[] = [];

  beforeAll(async () => {
    database = await createScratchDatabase('outbox');
    platform = await bootTestPlatform({}, database.url);
    tenant = await createTenant(platform.app);
    platform.app
      .get(EventTransport)
      .subscribe('outbox-spec', ['member.registered.v1', 'points.earned.v1', 'points.redeemed.v1', 'points.reversed.v1'], async (events) => {
        received.push(...events.filter((event) => event.tenantId === tenant.tenantId));
      });
  });
  afterAll(async () => {
    await platform.close();
    expect(await verifyDatabase(database.url)).toEqual([]);
    await database.drop();
  });

  it('writes one versioned event per change and relays them in order, keyed by member', async () => {
    const key = tenant.merchants[0].posKeys[0];
    const phone = uniquePhone();
    const member = (await posPost(platform, key, '/members', { phone })).body;
    const orderNo = idemKey();
    const purchase = (await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 25_000 })).body;
    await posPost(platform, key, '/redemptions', { memberId: member.id, points: 50, orderNo: 'R' });
    await posPost(platform, key, '/refunds', { orderNo, amountFen: 10_000 });
    await posPost(platform, key, '/returns', { memberId: member.id, amountFen: 3_000 });
    // A rejected write leaves no event behind.
    expect((await posPost(platform, key, '/redemptions', { memberId: member.id, points: 10_000, orderNo: 'R2' })).status).toBe(422);
    await drainOutbox(platform);

    const mine = received.filter((e) => e.key === member.id);
    expect(mine.map((e) => e.type)).toEqual(['member.registered.v1', 'points.earned.v1', 'points.redeemed.v1', 'points.reversed.v1', 'points.reversed.v1']);
    expect(mine[1].payload).toMatchObject({ memberId: member.id, orderNo, amountFen: 25_000, points: 250, balanceAfter: 250, transferId: purchase.transferId });
    expect(mine[2].payload).toMatchObject({ points: 50, balanceAfter: 200 });
    expect(mine[3].payload).toMatchObject({ reason: 'refund', amountFen: 10_000, pointsClawedBack: 100, pointsOwed: 0, balanceAfter: 100 });
    expect(mine[4].payload).toMatchObject({ reason: 'return', amountFen: 3_000, pointsClawedBack: 30, balanceAfter: 70 });
    expect(mine.every((e) => e.correlationId.length > 0)).toBe(true);
    const unpublished = await systemQuery<{ count: number }>(platform, 'select count(*) as count from outbox_event where tenant_id = ? and published_at is null', [tenant.tenantId]);
    expect(unpublished[0].count).toBe(0);
  });

  it('carries the caller’s correlation id into the event', async () => {
    const key = tenant.merchants[0].posKeys[0];
    const res = await platform.http
      .post('/api/pos/v1/members')
      .set('x-api-key', key)
      .set('idempotency-key', idemKey())
      .set('x-correlation-id', 'till-7-req-42')
      .send({ phone: uniquePhone() });
    expect(res.headers['x-correlation-id']).toBe('till-7-req-42');
    await drainOutbox(platform);
    expect(received.find((e) => e.key === res.body.id)?.correlationId).toBe('till-7-req-42');
  });

  const DAY = 86_400_000;
  /** An event id made at `at`. */
  const idAt = (at: Date) => `${uuidV7Floor(at).slice(0, 24)}${newId().slice(24)}`;
  const retentionOf = (options: Partial<ConstructorParameters<typeof EventRetention>[1]>) =>
    new EventRetention(platform.app.get(Db), { outboxTables: [], outboxDays: 0, inboxTables: [], inboxDays: 0, ...options }, 0);

  it('deletes published events past their retention, never one still to publish', async () => {
    const row = (id: string, publishedAt: Date | null, table = 'outbox_event') =>
      systemQuery(platform, `insert into ${table} (id, tenant_id, type, key, payload, headers, created_at, published_at) values (?, ?, 'test.retention.v1', 'k', '{}', '{}', now(), ?)`, [
        id,
        tenant.tenantId,
        publishedAt,
      ]);
    const now = new Date();
    const old = idAt(new Date(now.getTime() - 8 * DAY));
    const recent = idAt(new Date(now.getTime() - 6 * DAY));
    await row(old, new Date(now.getTime() - 8 * DAY));
    await row(recent, new Date(now.getTime() - 6 * DAY));
    // The platform's job, over its outboxes, with the default of 7 days.
    expect(await platform.app.get(EventRetention).run(now)).toEqual({ outbox: 1, inbox: 0 });
    const left = await systemQuery<{ id: string }>(platform, 'select id from outbox_event where id = any(?::uuid[])', [pgArray([old, recent])]);
    expect(left.map((r) => r.id)).toEqual([recent]);

    // An outbox no relay reads: old rows still to publish stay, old published ones go, many at a time.
    await systemQuery(platform, 'create table retention_outbox (like outbox_event including all)');
    const stuck = idAt(new Date(now.getTime() - 30 * DAY));
    await row(stuck, null, 'retention_outbox');
    await systemQuery(
      platform,
      `insert into retention_outbox (id, tenant_id, type, key, payload, headers, created_at, published_at)
       select (lpad(to_hex(? - i), 12, '0') || '7000' || '8000' || lpad(to_hex(i), 12, '0'))::uuid, ?, 'test.retention.v1', 'k', '{}', '{}', now(), now()
       from generate_series(1, 12000) as i`,
      [now.getTime() - 10 * DAY, tenant.tenantId],
    );
    expect(await retentionOf({ outboxTables: ['retention_outbox'], outboxDays: 7 }).run(now)).toEqual({ outbox: 12_000, inbox: 0 });
    expect((await systemQuery<{ id: string }>(platform, 'select id from retention_outbox')).map((r) => r.id)).toEqual([stuck]);
    const muchLater = new Date(now.getTime() + 365 * DAY);
    expect(await retentionOf({ outboxTables: ['retention_outbox'], outboxDays: 0 }).run(muchLater)).toEqual({ outbox: 0, inbox: 0 });
  });

  it('forgets which events a consumer applied once its retention has passed since it applied them', async () => {
    const now = new Date();
    const daysAgo = (days: number) => new Date(now.getTime() - days * DAY);
    const claim = (table: string, consumer: string, writtenDaysAgo: number, appliedDaysAgo: number) => {
      const eventId = idAt(daysAgo(writtenDaysAgo));
      return systemQuery(platform, `insert into ${table} (consumer, event_id, processed_at) values (?, ?, ?)`, [consumer, eventId, daysAgo(appliedDaysAgo)]).then(() => eventId);
    };
    const inboxes = ['inbox_event', 'clearing.inbox_event', 'insights.inbox_event', 'notifications.inbox_event', 'settlement.inbox_event'];
    const gone = await Promise.all(inboxes.map((table) => claim(table, 'retention-spec', 40, 31)));
    // Two consumers of one inbox, each found; an old event applied lately, and a recent one, stay.
    gone.push(await claim('inbox_event', 'retention-spec-2', 35, 35));
    const kept = [await claim('inbox_event', 'retention-spec', 40, 1), await claim('clearing.inbox_event', 'retention-spec', 29, 29)];

    // The platform's job, over every inbox of the platform, with the default of 30 days.
    expect(await platform.app.get(EventRetention).run(now)).toEqual({ outbox: 0, inbox: gone.length });
    const left = async (table: string) => (await systemQuery<{ event_id: string }>(platform, `select event_id from ${table} where consumer like 'retention-spec%'`)).map((r) => r.event_id);
    expect((await Promise.all(inboxes.map(left))).flat().sort()).toEqual([...kept].sort());
    // 0 days keeps them, however old.
    expect(await retentionOf({ inboxTables: inboxes, inboxDays: 0 }).run(new Date(now.getTime() + 365 * DAY))).toEqual({ outbox: 0, inbox: 0 });
    // A year on, everything applied so far is past it (this platform's own records too).
    expect((await retentionOf({ inboxTables: inboxes, inboxDays: 30 }).run(new Date(now.getTime() + 365 * DAY))).inbox).toBeGreaterThanOrEqual(kept.length);
    expect((await Promise.all(inboxes.map(left))).flat()).toEqual([]);
  });

  it('keeps an event for redelivery when a consumer fails, and the inbox applies a redelivered event once', async () => {
    const applied: string[] = [];
    let failNext = true;
    const inbox = { table: CORE_INBOX_TABLE, consumer: 'flaky-consumer' };
    platform.app.get(EventTransport).subscribe('flaky-consumer', ['member.registered.v1'], async (events) => {
      const mine = events.filter((event) => event.tenantId === tenant.tenantId);
      if (mine.length === 0) return;
      const claimed = await platform.app.get(Db).asSystem(async (tx) => {
        const first = await claimInbox(tx, inbox, mine);
        if (failNext) {
          failNext = false;
          throw new Error('consumer crashed before committing');
        }
        return first;
      });
      applied.push(...claimed.map((e) => e.id));
    });
    const member = (await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body;
    const published = async () =>
      (await systemQuery<{ id: string; published_at: string | null }>(platform, `select id, published_at from outbox_event where key = ? and type = 'member.registered.v1'`, [member.id]))[0];
    // The background relay may get there first; either way the failed delivery is retried.
    for (const until = Date.now() + 10_000; Date.now() < until && !(await published()).published_at; ) {
      await drainOutbox(platform).catch(() => undefined);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    const row = await published();
    expect(row.published_at).not.toBeNull();
    expect(failNext).toBe(false);
    expect(applied).toEqual([row.id]);
    // At-least-once: deliver the same event again, as after a relay crash before marking it sent.
    await systemQuery(platform, 'update outbox_event set published_at = null where id = ?', [row.id]);
    await drainOutbox(platform);
    expect((await published()).published_at).not.toBeNull();
    expect(applied).toEqual([row.id]);
  });
});

/**
 * On the run's shared database: platforms of different test files each relay their own tenants'
 * events; relays of its own over a tenant no platform relays.
 */
describe('relays on the run’s shared database', () => {
  let mine: TestPlatform;
  let theirs: TestPlatform;
  const seen = { mine: [] as string[], theirs: [] as string[] };

  beforeAll(async () => {
    // Mine relays only when drained, so without limits the other platform's relay would take the row.
    [mine, theirs] = [await bootTestPlatform({ OUTBOX_POLL_MS: '60000' }), await bootTestPlatform()];
    for (const [name, platform] of [['mine', mine], ['theirs', theirs]] as const) {
      platform.app.get(EventTransport).subscribe(`relay-scope-${name}`, ['member.registered.v1'], async (events) => {
        seen[name].push(...events.map((event) => event.key));
      });
    }
  });
  afterAll(async () => {
    await Promise.all([mine?.close(), theirs?.close()]);
  });

  const CLEARING_OUTBOX = 'clearing.outbox_event';

  /**
   * A relay of its own over the core and clearing outboxes, for a tenant no platform relays (so it
   * alone takes that tenant's rows); `ping` writes a row to a table, `got` the ids it delivered.
   */
  async function ownRelay(pollMs: number) {
    const tenantId = newId();
    const transport = new InProcessTransport();
    const got: string[] = [];
    transport.subscribe(`own-relay-${tenantId}`, ['test.ping.v1'], async (events) => void got.push(...events.map((event) => event.id)));
    const relay = new OutboxRelay(mine.app.get(Db), transport, pollMs, [CORE_OUTBOX_TABLE, CLEARING_OUTBOX], new Set([tenantId]));
    await relay.drain();
    const ping = async (table: string) => {
      const id = newId();
      await systemQuery(mine, `insert into ${table} (id, tenant_id, type, key, payload, headers, created_at) values (?, ?, 'test.ping.v1', ?, '{}', '{}', now())`, [id, tenantId, id]);
      return id;
    };
    return { relay, transport, got, ping, tenantId };
  }

  it('relays the outbox tables a wake names, every table when it names none', async () => {
    // It polls once a minute: only wakes start its passes here.
    const { relay, got, ping } = await ownRelay(60_000);
    const [core, clearing] = [await ping(CORE_OUTBOX_TABLE), await ping(CLEARING_OUTBOX)];
    const unpublished = async (table: string, id: string) => (await systemQuery(mine, `select 1 from ${table} where id = ? and published_at is null`, [id])).length === 1;

    // Client writes wake it for the core outbox: that pass leaves the other table to the poll.
    relay.wake([CORE_OUTBOX_TABLE]);
    for (const until = Date.now() + 10_000; Date.now() < until && (await unpublished(CORE_OUTBOX_TABLE, core)); ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).toEqual([core]);
    expect(await unpublished(CLEARING_OUTBOX, clearing)).toBe(true);

    // A wake naming no table (the jobs' wakes) relays every table.
    relay.wake();
    for (const until = Date.now() + 10_000; Date.now() < until && (await unpublished(CLEARING_OUTBOX, clearing)); ) await new Promise((resolve) => setTimeout(resolve, 20));
    expect(got).toEqual([core, clearing]);
    await relay.onApplicationShutdown();
  });

  it('relays a backlog larger than a batch oldest first, by when the events happened', async () => {
    const { relay, got, tenantId } = await ownRelay(60_000);
    // 700 rows whose ids run the other way from their times (an import's events are dated back).
    const ids = Array.from({ length: 700 }, () => newId()).sort();
    await systemQuery(
      mine,
      `insert into ${CORE_OUTBOX_TABLE} (id, tenant_id, type, key, payload, headers, created_at)
       select id, ?, 'test.ping.v1', id::text, '{}', '{}', now() - make_interval(secs => n) from unnest(?::uuid[]) with ordinality as r(id, n)`,
      [tenantId, pgArray(ids)],
    );
    expect(await relay.drain()).toBe(700);
    expect(got).toEqual([...ids].reverse());
    await relay.onApplicationShutdown();
  });

  it('reports each relay transaction to its observers: its table, the events it sent, its wall time; a failing observer changes nothing', async () => {
    const { relay, ping } = await ownRelay(60_000);
    const reports: RelayBatchReport[] = [];
    relay.observe(() => {
      throw new Error('observer failed');
    });
    relay.observe((batch) => reports.push(batch));
    await ping(CORE_OUTBOX_TABLE);
    await ping(CORE_OUTBOX_TABLE);
    expect(await relay.drain()).toBe(2);
    expect(reports.map(({ table, events }) => ({ table, events }))).toEqual([
      { table: CORE_OUTBOX_TABLE, events: 2 },
      { table: CLEARING_OUTBOX, events: 0 },
    ]);
    expect(reports.every(({ seconds }) => seconds > 0)).toBe(true);
    await relay.onApplicationShutdown();
  });

  it('relays every table at least once per poll interval while client writes keep waking it', async () => {
    const { relay, got, ping } = await ownRelay(300);
    const clearing = await ping(CLEARING_OUTBOX);
    // Core-only wakes every 10 ms, as under POS load: the poll interval still brings the other table's row.
    const started = Date.now();
    while (!got.includes(clearing) && Date.now() - started < 10_000) {
      relay.wake([CORE_OUTBOX_TABLE]);
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
    expect(got).toEqual([clearing]);
    await relay.onApplicationShutdown();
  });

  const isPublished = async (id: string) => (await systemQuery(mine, `select 1 from ${CORE_OUTBOX_TABLE} where id = ? and published_at is not null`, [id])).length === 1;
  const xactId = async (tx: Tx) => (await tx.execute<{ id: string }[]>(`select (pg_current_xact_id()::text::int8 % 4294967296)::text as id`))[0].id;

  it('applies the consumers in this process in the relay’s transaction, so a failed one takes the others’ work back with it', async () => {
    const { relay, transport, ping, tenantId } = await ownRelay(60_000);
    const db = mine.app.get(Db);
    const inbox = { table: CORE_INBOX_TABLE, consumer: `applier-${tenantId}` };
    const deliveries: { fresh: string[]; xact: string }[] = [];
    transport.subscribe(inbox.consumer, ['test.ping.v1'], (events, delivery) =>
      applyOnce(db, inbox, events, delivery, async (tx, fresh) => void deliveries.push({ fresh: fresh.map((e) => e.id), xact: await xactId(tx) })),
    );
    let fail = true;
    transport.subscribe(`failer-${tenantId}`, ['test.ping.v1'], async () => {
      if (!fail) return;
      fail = false;
      throw new Error('consumer failed before the batch committed');
    });
    const id = await ping(CORE_OUTBOX_TABLE);

    await expect(relay.drain()).rejects.toThrow('consumer failed before the batch committed');
    expect(await isPublished(id)).toBe(false);
    await relay.drain();
    // The first consumer's inbox claim went back with the failed batch: the event was new to it both times.
    expect(deliveries.map((d) => d.fresh)).toEqual([[id], [id]]);
    expect(await isPublished(id)).toBe(true);
    // Its work and the row marked published are one commit.
    const [row] = await systemQuery<{ xmin: string }>(mine, `select xmin::text as xmin from ${CORE_OUTBOX_TABLE} where id = ?`, [id]);
    expect(deliveries[1].xact).toBe(row.xmin);
    await relay.onApplicationShutdown();
  });

  it('claims the inboxes of the consumers subscribed by inbox in one statement of the relay’s transaction, each event once', async () => {
    const { relay, transport, ping, tenantId } = await ownRelay(60_000);
    const db = mine.app.get(Db);
    const claimStatements: string[] = [];
    // Every statement the consumers and the transport send in the relay's transaction, inbox claims counted.
    const publish = transport.publish.bind(transport);
    transport.publish = (events, tx) =>
      publish(
        events,
        tx &&
          new Proxy(tx, {
            get(target, property) {
              if (property === 'execute')
                return (sql: string, params?: unknown[]) => {
                  if (/insert into \S*inbox_event/.test(sql)) claimStatements.push(sql);
                  return target.execute(sql, params);
                };
              const value = Reflect.get(target, property);
              return typeof value === 'function' ? value.bind(target) : value;
            },
          }),
      );
    const inboxes = [CORE_INBOX_TABLE, 'clearing.inbox_event', 'insights.inbox_event'].map((table) => ({ table, consumer: `claimed-${tenantId}` }));
    const byName = { table: CORE_INBOX_TABLE, consumer: `by-name-${tenantId}` };
    const fresh = new Map<string, string[][]>();
    const record = (name: string) => async (_tx: Tx, events: IntegrationEvent[]) => void fresh.set(name, [...(fresh.get(name) ?? []), events.map((e) => e.id)]);
    for (const inbox of inboxes) transport.subscribe(inbox, ['test.ping.v1'], (events, delivery) => applyOnce(db, inbox, events, delivery, record(inbox.table)));
    transport.subscribe(byName.consumer, ['test.ping.v1'], (events, delivery) => applyOnce(db, byName, events, delivery, record('by name')));
    const id = await ping(CORE_OUTBOX_TABLE);

    expect(await relay.drain()).toBe(1);
    // One statement for the three inboxes, one for the consumer that claims its own.
    expect(claimStatements).toHaveLength(2);
    expect(claimStatements[0]).toContain('clearing.inbox_event');
    for (const inbox of inboxes) {
      expect((await systemQuery(mine, `select 1 from ${inbox.table} where consumer = ? and event_id = ?`, [inbox.consumer, id])).length).toBe(1);
    }
    // Sent again (a replay by hand): applied by none.
    await systemQuery(mine, `update ${CORE_OUTBOX_TABLE} set published_at = null where id = ?`, [id]);
    expect(await relay.drain()).toBe(1);
    expect(Object.fromEntries(fresh)).toEqual({
      [CORE_INBOX_TABLE]: [[id], []],
      'clearing.inbox_event': [[id], []],
      'insights.inbox_event': [[id], []],
      'by name': [[id], []],
    });
    await relay.onApplicationShutdown();
  });

  it('leaves a tenant a consumer entered before the next consumer applies its part, and marks the batch published as the platform', async () => {
    const { relay, transport, ping, tenantId } = await ownRelay(60_000);
    const db = mine.app.get(Db);
    const ctx = { tenantId, merchantId: null, storeId: null, actorId: 'test', roles: [], correlationId: 'test' };
    const inTenant = { table: CORE_INBOX_TABLE, consumer: `in-tenant-${tenantId}` };
    const after = { table: CORE_INBOX_TABLE, consumer: `after-${tenantId}` };
    const seen: { role: string; tenant: string }[] = [];
    const setting = async (tx: Tx) =>
      (await tx.execute<{ role: string; tenant: string }[]>(`select current_user as role, current_setting('app.tenant_id', true) as tenant`))[0];
    transport.subscribe(inTenant.consumer, ['test.ping.v1'], (events, delivery) =>
      applyOnce(db, inTenant, events, delivery, async (tx) => {
        await db.enterTenant(tx, ctx);
        seen.push(await setting(tx));
      }),
    );
    transport.subscribe(after.consumer, ['test.ping.v1'], (events, delivery) => applyOnce(db, after, events, delivery, async (tx) => void seen.push(await setting(tx))));
    const id = await ping(CORE_OUTBOX_TABLE);

    expect(await relay.drain()).toBe(1);
    expect(seen).toEqual([
      { role: TENANT_ROLE, tenant: tenantId },
      { role: expect.not.stringMatching(TENANT_ROLE), tenant: '' },
    ]);
    expect(await isPublished(id)).toBe(true);
    await relay.onApplicationShutdown();
  });

  it('leaves a tenant’s events to the platform that made the tenant', async () => {
    const tenant = await createTenant(mine.app);
    // Written through the other platform, whose relay is woken by the write's commit.
    const member = (await posPost(theirs, tenant.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body;
    await Promise.all([drainOutbox(theirs), drainOutbox(mine)]);
    expect(seen.mine).toContain(member.id);
    expect(seen.theirs).not.toContain(member.id);
  });
});
