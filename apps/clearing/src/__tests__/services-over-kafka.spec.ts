import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort } from '@loyalty/database';
import { EVENTS_TOPIC, type EventHandler, KafkaTransport, type Subscriber } from '@loyalty/events';
import { verifyDatabase } from '@loyalty/ledger';
import {
  bootTestService,
  createScratchDatabase,
  createTenant,
  gql,
  posPost,
  type ScratchDatabase,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { ClearingScheduler } from '@loyalty/clearing';
import { Kafka, logLevel } from 'kafkajs';
import { type RunningKafka, startKafka } from '../../../../tools/kafka/kafka';
import { MembersServiceModule } from '../../../members/src/members-service.module';
import { SettlementServiceModule } from '../../../settlement/src/settlement-service.module';
import { ClearingServiceModule } from '../clearing-service.module';

// A broker of its own (started from its Maven jars), because one test stops and restarts it.
jest.setTimeout(300_000);

async function until(what: string, condition: () => Promise<boolean>, timeoutMs = 90_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !(await condition()); ) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** Delegates to Kafka, but the first batch a consumer handles fails after its handler committed: a crash before the offset commit. */
class CrashOnceAfterHandling extends KafkaTransport {
  readonly deliveries = new Map<string, number>();
  crashedOn: string[] = [];

  override subscribe(subscriber: Subscriber, types: readonly string[], handler: EventHandler): void {
    super.subscribe(subscriber, types, async (events, delivery) => {
      await handler(events, delivery);
      for (const event of events) this.deliveries.set(event.id, (this.deliveries.get(event.id) ?? 0) + 1);
      if (this.crashedOn.length === 0) {
        this.crashedOn = events.map((e) => e.id);
        throw new Error('consumer crashed after handling, before committing its offset');
      }
    });
  }
}

/**
 * The three services as separately deployed apps (two instances of each), one database with a
 * schema per service, talking only through a real Kafka broker.
 */
describe('members, clearing and settlement services over Kafka', () => {
  let kafka: RunningKafka;
  let kafkaDir: string;
  let kafkaPort: number;
  let brokers: string;
  let database: ScratchDatabase;
  const running: TestPlatform[] = [];
  let members: TestPlatform[];
  let clearing: TestPlatform[];
  let settlement: TestPlatform[];
  let alliance: TenantFixture;

  const env = () => ({ KAFKA_BROKERS: brokers, CLEARING_SCHEDULE_MS: '0', EXPIRY_SWEEP_MS: '0' });
  const boot = async (root: Parameters<typeof bootTestService>[0], transport?: KafkaTransport, extraEnv: Record<string, string> = {}) => {
    const app = await bootTestService(root, { ...env(), ...extraEnv }, database.url, transport);
    running.push(app);
    return app;
  };
  const stop = async (apps: TestPlatform[]) => {
    for (const app of apps) {
      await app.close();
      running.splice(running.indexOf(app), 1);
    }
  };
  const count = async (sql: string, params: unknown[] = []) => (await systemQuery<{ n: number }>(members[0], sql, params))[0].n;
  const ok = async (app: TestPlatform, token: string, query: string, variables?: Record<string, unknown>) => {
    const res = await gql(app, token, query, variables);
    if (res.body.errors) throw new Error(`${res.status} ${JSON.stringify(res.body.errors)}`);
    return res.body.data;
  };
  /** Points events the members service wrote for the tenant, and what clearing recorded of them. */
  const pointsEvents = () => count(`select count(*)::int8 as n from outbox_event where tenant_id = ? and type like 'points.%'`, [alliance.tenantId]);
  const recorded = () => count('select count(*)::int8 as n from clearing.activity where tenant_id = ?', [alliance.tenantId]);
  /** Every event the services wrote (this database is the spec's own), once all are relayed: their ids, and when each was sent. */
  const relayedOutbox = async () => {
    const outbox = `select id, published_at from outbox_event union all select id, published_at from clearing.outbox_event`;
    await until('every outbox row relayed', async () => (await count(`select count(*)::int8 as n from (${outbox}) o where published_at is null`)) === 0);
    return systemQuery<{ id: string; published_at: Date }>(members[0], `${outbox} order by published_at`);
  };
  /** How many times each event id stands on the events topic, read from the beginning up to its end now. */
  async function eventIdsOnTopic(): Promise<Map<string, number>> {
    const client = new Kafka({ clientId: 'relay-count', brokers: [brokers], logLevel: logLevel.NOTHING });
    const admin = client.admin();
    await admin.connect();
    const ends = new Map((await admin.fetchTopicOffsets(EVENTS_TOPIC)).filter((p) => Number(p.high) > Number(p.low)).map((p) => [p.partition, Number(p.high)]));
    await admin.disconnect();
    const counts = new Map<string, number>();
    const consumer = client.consumer({ groupId: `relay-count-${Date.now()}` });
    await consumer.connect();
    await consumer.subscribe({ topics: [EVENTS_TOPIC], fromBeginning: true });
    await consumer.run({
      eachMessage: async ({ partition, message }) => {
        if (Number(message.offset) >= (ends.get(partition) ?? 0)) return;
        const id = message.headers?.['event-id']?.toString() ?? 'no id';
        counts.set(id, (counts.get(id) ?? 0) + 1);
        if (Number(message.offset) + 1 >= ends.get(partition)!) ends.delete(partition);
      },
    });
    try {
      await until('the topic read to its end', async () => ends.size === 0);
    } finally {
      await consumer.disconnect();
    }
    return counts;
  }

  beforeAll(async () => {
    kafkaDir = mkdtempSync(join(tmpdir(), 'loyalty-kafka-services-'));
    kafkaPort = await freePort();
    kafka = await startKafka({ dataDir: kafkaDir, port: kafkaPort });
    brokers = kafka.brokers;
    database = await createScratchDatabase('services');
    members = [await boot((o) => MembersServiceModule.forRoot(o)), await boot((o) => MembersServiceModule.forRoot(o))];
    clearing = [await boot((o) => ClearingServiceModule.forRoot(o)), await boot((o) => ClearingServiceModule.forRoot(o))];
    settlement = [await boot((o) => SettlementServiceModule.forRoot(o)), await boot((o) => SettlementServiceModule.forRoot(o))];
    alliance = await createTenant(members[0].app, { merchants: 3 });
    // Clearing learns the merchants and stores from the tenancy events.
    await until('clearing to know the parties', async () => (await count('select count(*)::int8 as n from clearing.party where tenant_id = ?', [alliance.tenantId])) === 9);
  });
  afterAll(async () => {
    await Promise.all(running.map((app) => app.close()));
    await kafka?.stop();
    if (database) {
      expect(await verifyDatabase(database.url)).toEqual([]);
      await database.drop();
    }
    rmSync(kafkaDir, { recursive: true, force: true });
  });

  it('earn at A, redeem at B, expire at C: the statements show the money to the 分', async () => {
    const [a, b, c] = alliance.merchants;
    const operator = alliance.operatorToken!;
    // Writes go to both members instances; each relays what it finds.
    const member = (await posPost(members[0], c.posKeys[0], '/members', { phone: uniquePhone() })).body;
    await posPost(members[1], c.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'C-1', amountFen: 200_00, occurredAt: '2025-10-05T10:00:00+08:00' });
    await posPost(members[0], a.posKeys[0], '/purchases', { memberId: member.id, orderNo: 'A-1', amountFen: 1000_00, occurredAt: '2026-10-10T10:00:00+08:00' });
    await posPost(members[1], a.posKeys[0], '/returns', { memberId: member.id, amountFen: 100_00, occurredAt: '2026-10-12T10:00:00+08:00' });
    expect((await posPost(members[0], b.posKeys[0], '/redemptions', { memberId: member.id, points: 300, orderNo: 'B-1', occurredAt: '2026-10-20T10:00:00+08:00' })).body.pointsBalance).toBe(600);
    await until('clearing to record every points event', async () => (await recorded()) === (await pointsEvents()));

    const schemeId = (await ok(clearing[0], operator, `mutation { createClearingScheme(input: { name: "联盟清算", participantKind: merchant, operatorName: "示范联盟" }) { id } }`))
      .createClearingScheme.id;
    const TERMS = `mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { id } }`;
    for (const [merchant, issue] of [[a, '0.5125'], [b, '0.5'], [c, '0.75']] as const) {
      await ok(clearing[1], operator, TERMS, {
        input: { schemeId, participantId: merchant.merchant.id, effectiveFrom: '2025-01-01', issuePricePerPoint: issue, redemptionRatePerPoint: '0.4', commissionBps: 1000, breakageShareBps: 5000 },
      });
    }
    const run = (await ok(clearing[1], operator, `mutation($input: RunClearingInput!) { runClearing(input: $input) { id totalFen } }`, {
      input: { schemeId, periodStart: '2025-10-01', periodEnd: '2026-11-01' },
    })).runClearing;
    expect(run.totalFen).toBe(0);

    // The settlement service hears of the run over Kafka.
    const STATEMENTS = `query($runId: UUID!) { settlementStatements(runId: $runId) { partyId partyName netFen status } }`;
    await until('statements', async () => (await ok(settlement[0], operator, STATEMENTS, { runId: run.id })).settlementStatements.length === 4);
    const statements = (await ok(settlement[1], operator, STATEMENTS, { runId: run.id })).settlementStatements as { partyId: string | null; netFen: number }[];
    expect(Object.fromEntries(statements.map((s) => [s.partyId ?? 'operator', s.netFen]))).toEqual({
      [a.merchant.id]: -461,
      [b.merchant.id]: 108,
      [c.merchant.id]: -75,
      operator: 428,
    });
    // Once each, though two settlement instances consume.
    expect(await count('select count(*)::int8 as n from settlement.statement where run_id = ?', [run.id])).toBe(4);
    // And relayed once each, though two members and two clearing instances relay their outboxes:
    // every event the services wrote stands on the topic exactly once, and nothing else does.
    const written = (await relayedOutbox()).map((row) => row.id);
    const onTopic = await eventIdsOnTopic();
    expect(written.length).toBeGreaterThan(10);
    expect([...onTopic.keys()].sort()).toEqual([...written].sort());
    expect([...onTopic].filter(([, times]) => times !== 1)).toEqual([]);
  });

  it('takes every event once when the broker stops and starts again mid-stream', async () => {
    const key = alliance.merchants[0].posKeys[0];
    const before = await recorded();
    const sell = async (n: number) => {
      for (let i = 0; i < n; i++) {
        const member = (await posPost(members[i % 2], key, '/members', { phone: uniquePhone() })).body;
        expect((await posPost(members[(i + 1) % 2], key, '/purchases', { memberId: member.id, orderNo: `K-${Date.now()}-${i}`, amountFen: 10_00 + i })).status).toBe(201);
      }
    };
    await sell(10);
    const sentBeforeTheStop = new Set((await relayedOutbox()).map((row) => row.id));
    await kafka.stop();
    // The till keeps selling: events wait in the outbox.
    await sell(10);
    kafka = await startKafka({ dataDir: kafkaDir, port: kafkaPort });
    await sell(10);
    await until('every event relayed and applied', async () => (await recorded()) === (await pointsEvents()), 180_000);
    // Relayed: every event is on the topic, those sent before the stop exactly once. A publish whose
    // acknowledgement the outage swallowed fails, so its rows go out again (perhaps from the other
    // instance, another producer the broker cannot de-duplicate): the relay is at least once by
    // design, and only events sent around the outage may stand twice; the inboxes apply them once.
    const written = (await relayedOutbox()).map((row) => row.id);
    const onTopic = await eventIdsOnTopic();
    expect(written.filter((id) => !onTopic.has(id))).toEqual([]);
    expect([...onTopic.keys()].filter((id) => !written.includes(id))).toEqual([]);
    expect([...sentBeforeTheStop].filter((id) => onTopic.get(id) !== 1)).toEqual([]);
    const twice = [...onTopic].filter(([, times]) => times > 1).map(([id]) => id);
    expect(twice.filter((id) => sentBeforeTheStop.has(id))).toEqual([]);
    expect((await recorded()) - before).toBe(30);
    expect(await count(`select count(*)::int8 as n from outbox_event where tenant_id = ? and published_at is null`, [alliance.tenantId])).toBe(0);
    // Exactly once: one activity row and one inbox entry per event, the points matching to the point.
    const [events] = await systemQuery<{ points: number }>(members[0], `select sum((payload->>'points')::int8)::int8 as points from outbox_event where tenant_id = ? and type = 'points.earned.v1'`, [
      alliance.tenantId,
    ]);
    const [issued] = await systemQuery<{ points: number }>(members[0], `select sum(points)::int8 as points from clearing.activity where tenant_id = ? and kind = 'ISSUED'`, [alliance.tenantId]);
    expect(issued.points).toBe(events.points);
  });

  it('runs a scheduled clearing once, though two clearing instances tick at the same moment', async () => {
    const operator = alliance.operatorToken!;
    const schemeId = (await ok(clearing[0], operator, `mutation { createClearingScheme(input: { name: "每日清算", participantKind: merchant, operatorName: "示范联盟", schedule: daily }) { id } }`))
      .createClearingScheme.id;
    for (const merchant of alliance.merchants) {
      await ok(clearing[0], operator, `mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { id } }`, {
        input: { schemeId, participantId: merchant.merchant.id, effectiveFrom: '2025-01-01', issuePricePerPoint: '1', redemptionRatePerPoint: '1', commissionBps: 0, breakageShareBps: 0 },
      });
    }
    const now = new Date();
    const ticks = await Promise.all(clearing.map((app) => app.app.get(ClearingScheduler).run(now)));
    // Each found at most the one period due; whichever asked second either got the first one's run
    // or, asking after it was written, found nothing due.
    expect(ticks.every((n) => n <= 1) && ticks.includes(1)).toBe(true);
    expect(await count('select count(*)::int8 as n from clearing.run where scheme_id = ?', [schemeId])).toBe(1);
    expect(await Promise.all(clearing.map((app) => app.app.get(ClearingScheduler).run(now)))).toEqual([0, 0]);
  });

  it('runs a scheduled clearing once when two clearing instances find it on their own timers', async () => {
    const operator = alliance.operatorToken!;
    // Two more instances whose schedulers tick every 100 ms by themselves.
    const ticking = [
      await boot((o) => ClearingServiceModule.forRoot(o), undefined, { CLEARING_SCHEDULE_MS: '100' }),
      await boot((o) => ClearingServiceModule.forRoot(o), undefined, { CLEARING_SCHEDULE_MS: '100' }),
    ];
    try {
      const schemeId = (await ok(clearing[0], operator, `mutation { createClearingScheme(input: { name: "每周清算", participantKind: merchant, operatorName: "示范联盟" }) { id } }`))
        .createClearingScheme.id;
      for (const merchant of alliance.merchants) {
        await ok(clearing[0], operator, `mutation($input: SetContractTermsInput!) { setContractTerms(input: $input) { id } }`, {
          input: { schemeId, participantId: merchant.merchant.id, effectiveFrom: '2025-01-01', issuePricePerPoint: '1', redemptionRatePerPoint: '1', commissionBps: 0, breakageShareBps: 0 },
        });
      }
      // Scheduled only once its terms are in: the timers find it due (last week) from then on.
      await ok(clearing[1], operator, `mutation($id: UUID!) { setClearingSchedule(schemeId: $id, schedule: weekly) { schedule } }`, { id: schemeId });
      const runs = () => count(`select count(*)::int8 as n from clearing.run where scheme_id = ? and trigger = 'scheduled'`, [schemeId]);
      await until('a timer to run the scheme', async () => (await runs()) > 0);
      // Many more ticks of both: still the one run.
      await new Promise((resolve) => setTimeout(resolve, 2_000));
      expect(await runs()).toBe(1);
      await ok(clearing[1], operator, `mutation($id: UUID!) { setClearingSchedule(schemeId: $id, schedule: null) { schedule } }`, { id: schemeId });
    } finally {
      await stop(ticking);
    }
  });

  it('delivers a batch again when the consumer crashes after handling it and before committing its offset; it takes effect once', async () => {
    // The two clearing instances step aside; one that crashes once takes their partitions.
    await stop(clearing);
    const crashing = new CrashOnceAfterHandling([brokers]);
    const crashy = await boot((o) => ClearingServiceModule.forRoot(o), crashing);
    const key = alliance.merchants[1].posKeys[0];
    for (let i = 0; i < 5; i++) {
      const member = (await posPost(members[0], key, '/members', { phone: uniquePhone() })).body;
      await posPost(members[0], key, '/purchases', { memberId: member.id, orderNo: `CR-${Date.now()}-${i}`, amountFen: 20_00 });
    }
    await until('the crash and the redelivery', async () => crashing.crashedOn.length > 0 && crashing.crashedOn.every((id) => (crashing.deliveries.get(id) ?? 0) >= 2));
    await until('every event applied', async () => (await recorded()) === (await pointsEvents()));
    // Handled twice, applied once.
    const ids = crashing.crashedOn;
    expect(await count('select count(*)::int8 as n from clearing.activity where id = any(?::uuid[])', [`{${ids.join(',')}}`])).toBe(
      (await count(`select count(*)::int8 as n from outbox_event where id = any(?::uuid[]) and type like 'points.%'`, [`{${ids.join(',')}}`])),
    );
    expect(await count(`select count(*)::int8 as n from clearing.inbox_event where event_id = any(?::uuid[])`, [`{${ids.join(',')}}`])).toBe(ids.length);
    expect(crashy).toBeDefined();
  });
});
