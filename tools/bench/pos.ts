/**
 * npm run bench:pos — POS write throughput against the database's own limit.
 *
 * 1. Starts PostgreSQL (embedded, or DATABASE_URL's server) and the platform in its own process.
 * 2. Registers members, then drives POST /api/pos/v1/purchases with autocannon from this process,
 *    a unique Idempotency-Key and order number per request, at fixed concurrency for a fixed time.
 * 3. Runs pgbench TPC-B (-c 8 -j 2, same duration) on the same server as the reference (its
 *    tables loaded before the first run; a checkpoint before each measured phase).
 * 4. Prints purchases/s, latency, errors, the API's peak RSS, pgbench tps and the ratio; then a
 *    second run at 70% of the measured rate, open loop (evenly spaced, each request's latency from
 *    when it was due; its first 5 s a warm-up, printed apart), for p99 under load; then how long
 *    after the last purchase the platform's consumers had every event (a platform that put its
 *    consumer work off would look faster without it), and the CPU the platform and PostgreSQL used
 *    per purchase in that second run (steadier than the rates on a shared machine), and for both
 *    runs the platform's write batches and relay transactions (its /metrics); then checks the
 *    ledger.
 *
 * Options (environment): BENCH_SECONDS (default 20), BENCH_CONNECTIONS (64), BENCH_MEMBERS (2000),
 * BENCH_RATE (the second run's rate in purchases/s instead of 70% of the measured one: p99 at the
 * same load for two versions of the code, whose maxima differ), BENCH_MERCHANTS (1: how many of
 * the demo alliance's merchants the purchases go to, in turn, one store each; up to 4).
 */
import { execFileSync } from 'node:child_process';
import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join } from 'node:path';
import autocannon from 'autocannon';
import { Client } from 'pg';
import { verifyDatabase } from '../../libs/ledger/src/application/verify-ledger';
import { meterBatches } from './batch-metrics';
import { benchDatabase } from './database';
import { DELIVERY_LIMIT_S, secondsUntilDelivered } from './delivery';
import { fmt } from './measure';
import { openLoopLoad } from './open-loop';
import { meterProcessAndServer, SERVER_NOT_METERED } from './process-cpu';
import { type PlatformProcess, startPlatform } from './platform-process';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 64);
const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 2000);
const WARM_UP_SECONDS = 5;
const FIXED_RATE = process.env.BENCH_RATE ? Number(process.env.BENCH_RATE) : undefined;
const MERCHANTS = Number(process.env.BENCH_MERCHANTS ?? 1);
/** Merchants of the demo alliance (pharmacy, pet, hotel, fuel). */
const DEMO_MERCHANTS = 4;

async function graphql<T>(baseUrl: string, query: string, variables: Record<string, unknown>, token?: string): Promise<T> {
  const res = await fetch(`${baseUrl}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query, variables }),
  });
  const body = (await res.json()) as { data?: T; errors?: unknown[] };
  if (!body.data || body.errors) throw new Error(`GraphQL failed: ${JSON.stringify(body.errors)}`);
  return body.data;
}

/** The demo POS key, and one key for a store of each further merchant, issued by the alliance operator. */
async function posKeysOf(platform: PlatformProcess, merchants: number): Promise<string[]> {
  if (merchants === 1) return [platform.posKey];
  const { login } = await graphql<{ login: { token: string } }>(
    platform.baseUrl,
    'mutation ($email: String!, $password: String!) { login(email: $email, password: $password) { token } }',
    platform.operator,
  );
  const { stores } = await graphql<{ stores: { id: string; merchantId: string }[] }>(platform.baseUrl, '{ stores { id merchantId } }', {}, login.token);
  // A store of each other merchant, the first listed.
  const others = new Map<string, string>();
  for (const store of stores) if (store.merchantId !== platform.posKeyMerchantId && !others.has(store.merchantId)) others.set(store.merchantId, store.id);
  if (others.size + 1 < merchants) throw new Error(`BENCH_MERCHANTS: the demo alliance has ${others.size + 1} merchants, not ${merchants}`);
  const keys = [platform.posKey];
  for (const storeId of [...others.values()].slice(0, merchants - 1)) {
    const { issuePosApiKey } = await graphql<{ issuePosApiKey: { key: string } }>(
      platform.baseUrl,
      'mutation ($storeId: UUID!) { issuePosApiKey(storeId: $storeId, name: "bench") { key } }',
      { storeId },
      login.token,
    );
    keys.push(issuePosApiKey.key);
  }
  return keys;
}

async function registerMembers(baseUrl: string, key: string, count: number): Promise<string[]> {
  const ids: string[] = [];
  const next = { i: 0 };
  await Promise.all(
    Array.from({ length: 16 }, async () => {
      while (next.i < count) {
        const i = next.i++;
        const res = await fetch(`${baseUrl}/api/pos/v1/members`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-api-key': key, 'idempotency-key': `bench-member-${i}` },
          body: JSON.stringify({ phone: `135${String(i).padStart(8, '0')}` }),
        });
        ids.push(((await res.json()) as { id: string }).id);
      }
    }),
  );
  return ids;
}

/** Purchase n of a load phase: its own Idempotency-Key and order number, members and stores in turn. */
function purchaseRequest(keys: string[], memberIds: string[], tag: string, n: number) {
  return {
    method: 'POST',
    path: '/api/pos/v1/purchases',
    headers: { 'content-type': 'application/json', 'x-api-key': keys[n % keys.length], 'idempotency-key': `${tag}-${n}` },
    body: JSON.stringify({ memberId: memberIds[n % memberIds.length], orderNo: `${tag}-${n}`, amountFen: 1_000 + (n % 50_000) }),
  };
}

/** Closed loop at full speed: every connection sends its next purchase as soon as one is answered. */
function purchaseLoad(baseUrl: string, keys: string[], memberIds: string[], tag: string) {
  let n = 0;
  return autocannon({
    url: baseUrl,
    connections: CONNECTIONS,
    duration: SECONDS,
    requests: [{ setupRequest: (request) => ({ ...request, ...purchaseRequest(keys, memberIds, tag, ++n) }) }],
  });
}

function pgbench(url: string, options: string[]): string {
  const u = new URL(url);
  const env = { ...process.env, PGPASSWORD: decodeURIComponent(u.password) };
  const args = ['-h', u.hostname, '-p', u.port || '5432', '-U', decodeURIComponent(u.username)];
  return execFileSync('pgbench', [...args, ...options, u.pathname.slice(1)], { env, stdio: 'pipe' }).toString();
}

const pgbenchTps = (url: string) => Number(/tps = ([\d.]+)/.exec(pgbench(url, ['-c', '8', '-j', '2', '-T', String(SECONDS)]))?.[1]);

/**
 * Each measured phase starts from a checkpoint, so none pays for the writes of the one before
 * (pgbench's initial load alone is a million rows). Needs a superuser or pg_checkpoint.
 */
async function checkpoint(url: string): Promise<void> {
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('checkpoint');
  } finally {
    await client.end();
  }
}

async function main() {
  if (FIXED_RATE !== undefined && !(FIXED_RATE > 0)) throw new Error(`BENCH_RATE must be a positive number of purchases per second, not ${process.env.BENCH_RATE}`);
  if (!(Number.isInteger(MERCHANTS) && MERCHANTS >= 1 && MERCHANTS <= DEMO_MERCHANTS)) {
    throw new Error(`BENCH_MERCHANTS must be a whole number of merchants from 1 to ${DEMO_MERCHANTS} (the demo alliance's), not ${process.env.BENCH_MERCHANTS}`);
  }
  const database = await benchDatabase('pos');
  const dataDir = mkdtempSync(join(tmpdir(), 'loyalty-bench-data-'));
  chmodSync(dataDir, 0o755);
  const platform = await startPlatform(database.url, dataDir);
  try {
    console.log(`machine: ${cpus().length} × ${cpus()[0]?.model}, ${fmt(totalmem() / 2 ** 30, 1)} GiB; Node ${process.version}; ${database.describe}; load average ${fmt(loadavg()[0], 1)}`);
    pgbench(database.referenceUrl, ['-i', '-q', '-s', '10']);
    const members = await registerMembers(platform.baseUrl, platform.posKey, MEMBERS);
    const keys = await posKeysOf(platform, MERCHANTS);
    console.log(`registered ${members.length} members; ${CONNECTIONS} connections for ${SECONDS} s, purchases at ${keys.length} merchant${keys.length > 1 ? 's' : ''}…`);

    // Warm up (JIT, caches, connection pools), then the measured run at full speed.
    await purchaseLoad(platform.baseUrl, keys, members, 'warm');
    await checkpoint(database.url);
    const maxBatches = await meterBatches(platform.baseUrl);
    const max = await purchaseLoad(platform.baseUrl, keys, members, 'max');
    const batchesAtMax = await maxBatches.stop();
    const purchasesPerSecond = max['2xx'] / SECONDS;
    const errors = max.errors + max.non2xx + max.timeouts;
    const peakRss = platform.peakRss();

    await checkpoint(database.url);
    const tps = pgbenchTps(database.referenceUrl);

    const loadRate = FIXED_RATE ?? Math.floor(purchasesPerSecond * 0.7);
    await checkpoint(database.url);
    const cpu = meterProcessAndServer(platform.child.pid!, database.serverPid);
    const rateBatches = await meterBatches(platform.baseUrl);
    const at70 = await openLoopLoad({
      baseUrl: platform.baseUrl,
      rate: loadRate,
      seconds: SECONDS,
      warmUpSeconds: WARM_UP_SECONDS,
      connections: CONNECTIONS,
      request: (n) => purchaseRequest(keys, members, 'at70', n),
    });
    const microsPerPurchase = (seconds: number) => `${fmt((seconds * 1e6) / (at70.ok + at70.warmUp.ok))} µs`;
    const cpuUsed = cpu.stop();
    const batchesAtRate = await rateBatches.stop();
    const delivered = await secondsUntilDelivered(database.url);

    console.log('');
    console.log(`purchases/s (max)         ${fmt(purchasesPerSecond)}`);
    console.log(`latency p50 / p99 (max)   ${fmt(max.latency.p50, 1)} ms / ${fmt(max.latency.p99, 1)} ms`);
    console.log(`  transactions            ${batchesAtMax}`);
    console.log(`errors                    ${errors} (non-2xx ${max.non2xx}, socket ${max.errors}, timeouts ${max.timeouts})`);
    console.log(`API peak RSS              ${fmt(Math.max(peakRss, platform.peakRss()) / 2 ** 20)} MB`);
    console.log(`pgbench TPC-B tps         ${fmt(tps)}  (-c 8 -j 2 -T ${SECONDS}, scale 10)`);
    console.log(`ratio purchases/s ÷ tps   ${fmt(purchasesPerSecond / tps, 2)}`);
    console.log(`${FIXED_RATE ? 'at BENCH_RATE' : 'at 70%'} (${fmt(loadRate)}/s, open loop)  p50 ${fmt(at70.p50, 1)} ms, p99 ${fmt(at70.p99, 1)} ms, max ${fmt(at70.max, 1)} ms, ${fmt(at70.ok / SECONDS)} purchases/s, errors ${at70.errors}`);
    console.log(`  its first ${WARM_UP_SECONDS} s (warm-up)    p50 ${fmt(at70.warmUp.p50, 1)} ms, p99 ${fmt(at70.warmUp.p99, 1)} ms, max ${fmt(at70.warmUp.max, 1)} ms`);
    console.log(
      `  CPU per purchase         platform ${microsPerPurchase(cpuUsed.process)}, PostgreSQL ${cpuUsed.server === undefined ? SERVER_NOT_METERED : microsPerPurchase(cpuUsed.server)} (the phase's CPU, warm-up included, ÷ its purchases)`,
    );
    console.log(`  transactions             ${batchesAtRate} (warm-up included)`);
    console.log(
      `events delivered          ${delivered === undefined ? `not within ${DELIVERY_LIMIT_S} s` : `${fmt(delivered, 2)} s`} after the last purchase (every outbox relayed to the consumers)`,
    );
    console.log(`load average              ${fmt(loadavg()[0], 1)} (other processes on the machine skew every figure)`);
    const violations = await verifyDatabase(database.url);
    console.log(`verify                    ${violations.length === 0 ? 'every ledger invariant holds' : `${violations.length} violations: ${JSON.stringify(violations.slice(0, 5))}`}`);
    if (violations.length > 0 || errors > 0 || at70.errors > 0 || delivered === undefined) process.exitCode = 1;
  } finally {
    await platform.stop();
    await database.stop();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
