import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { newId } from '@loyalty/shared';
import { verifyDatabase } from '@loyalty/ledger';
import { bootTestPlatform, createScratchDatabase, createTenant, idemKey, posPost, uniquePhone } from '@loyalty/testing';
import { type RunningKafka, startKafka } from '../../../../tools/kafka/kafka';
import type { IntegrationEvent } from '../contracts/integration-event';
import { KafkaTransport } from '../kafka/kafka-transport';

// A real broker: the one at KAFKA_BROKERS, or one started here from its Maven jars (first run fetches them).
jest.setTimeout(180_000);

async function until(condition: () => boolean, timeoutMs = 60_000): Promise<void> {
  for (const deadline = Date.now() + timeoutMs; !condition(); ) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('KafkaTransport (real Kafka)', () => {
  let kafka: RunningKafka | undefined;
  let brokers: string[];
  let dataDir: string | undefined;
  const transports: KafkaTransport[] = [];
  const type = `test.kafka-${Date.now()}.v1`;

  beforeAll(async () => {
    if (process.env.KAFKA_BROKERS) {
      brokers = process.env.KAFKA_BROKERS.split(',');
    } else {
      dataDir = mkdtempSync(join(tmpdir(), 'loyalty-kafka-'));
      kafka = await startKafka({ dataDir });
      brokers = kafka.brokers.split(',');
    }
  });
  afterAll(async () => {
    await Promise.all(transports.map((t) => t.close()));
    await kafka?.stop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const transport = () => {
    const t = new KafkaTransport(brokers);
    transports.push(t);
    return t;
  };
  const event = (key: string, n: number): IntegrationEvent => ({
    id: newId(),
    type,
    tenantId: newId(),
    key,
    occurredAt: new Date().toISOString(),
    correlationId: `kafka-test-${n}`,
    payload: { n },
  });

  it('delivers every event to each consumer group, in order per member key', async () => {
    const received: Record<string, IntegrationEvent[]> = { clearing: [], settlement: [] };
    const consumers = transport();
    for (const group of Object.keys(received)) {
      consumers.subscribe(`${group}-${Date.now()}`, [type], async (events) => {
        received[group].push(...events);
      });
    }
    await consumers.start();
    const keys = ['member-a', 'member-b', 'member-c'];
    const sent = Array.from({ length: 60 }, (_, n) => event(keys[n % 3], n));
    const producer = transport();
    for (let i = 0; i < sent.length; i += 20) await producer.publish(sent.slice(i, i + 20));

    await until(() => received.clearing.length >= 60 && received.settlement.length >= 60);
    for (const group of Object.keys(received)) {
      expect(received[group].map((e) => e.id).sort()).toEqual(sent.map((e) => e.id).sort());
      for (const key of keys) {
        const order = received[group].filter((e) => e.key === key).map((e) => (e.payload as { n: number }).n);
        expect(order).toEqual([...order].sort((a, b) => a - b));
      }
      expect(received[group][0].correlationId).toMatch(/^kafka-test-/);
    }
  });

  it('starts a consumer subscribed after the transport started', async () => {
    const late: string[] = [];
    const consumers = transport();
    await consumers.start();
    consumers.subscribe(`late-${Date.now()}`, [type], async (events) => {
      late.push(...events.map((e) => e.id));
    });
    const sent = event('member-late', 2000);
    await transport().publish([sent]);
    await until(() => late.includes(sent.id));
  });

  it('delivers an event again when its handler failed, without committing past it', async () => {
    const seen: string[] = [];
    let failures = 0;
    const consumers = transport();
    consumers.subscribe(`flaky-${Date.now()}`, [type], async (events) => {
      if (events.some((e) => (e.payload as { n: number }).n === 1000) && failures === 0) {
        failures++;
        throw new Error('handler crashed before committing');
      }
      seen.push(...events.map((e) => e.id));
    });
    await consumers.start();
    const flaky = event('member-z', 1000);
    await transport().publish([flaky]);
    await until(() => seen.includes(flaky.id));
    expect(failures).toBe(1);
  });

  it('carries the platform’s events when KAFKA_BROKERS is set', async () => {
    // Its own database: the relay publishes every unpublished row, whoever wrote it.
    const database = await createScratchDatabase('kafka');
    const platform = await bootTestPlatform({ KAFKA_BROKERS: brokers.join(',') }, database.url);
    try {
      const earned: IntegrationEvent[] = [];
      const consumers = transport();
      consumers.subscribe(`platform-${Date.now()}`, ['points.earned.v1'], async (events) => {
        earned.push(...events);
      });
      await consumers.start();
      const tenant = await createTenant(platform.app, { alliance: false });
      const key = tenant.merchants[0].posKeys[0];
      const member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body;
      const purchase = (await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 8_800 })).body;
      await until(() => earned.some((e) => e.key === member.id));
      expect(earned.find((e) => e.key === member.id)?.payload).toMatchObject({ transferId: purchase.transferId, points: 88 });
    } finally {
      await platform.close();
      expect(await verifyDatabase(database.url)).toEqual([]);
      await database.drop();
    }
  });
});
