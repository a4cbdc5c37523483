import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { CommandBus } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { type EventTransport, OutboxRelay } from '@loyalty/events';
import { loadConfig, systemContext, type RequestContext } from '@loyalty/shared';
import {
  CreateAllianceCommand,
  CreateMerchantCommand,
  CreateStaffCommand,
  CreateStoreCommand,
  IssuePosApiKeyCommand,
  type Merchant,
  type Store,
  TokenService,
} from '@loyalty/tenancy';
import request from 'supertest';
import { randomInt } from 'node:crypto';
import type { DynamicModule } from '@nestjs/common';
import { createServiceApp, type HostOptions } from '@loyalty/host';
import { PlatformModule } from '../../../apps/platform/src/platform.module';

export interface TestPlatform {
  app: NestFastifyApplication;
  http: ReturnType<typeof request>;
  close(): Promise<void>;
}

/** Boots the whole platform against the run's test database (or `databaseUrl`), ready for supertest. */
export function bootTestPlatform(env: Record<string, string> = {}, databaseUrl?: string, staticDir?: string): Promise<TestPlatform> {
  return bootTestService((options) => PlatformModule.forRoot(options), env, databaseUrl, undefined, staticDir);
}

/**
 * Boots one service app (the platform, or the members, clearing or settlement service) against the
 * run's test database (or `databaseUrl`); `transport` replaces the configured event transport.
 */
export async function bootTestService(
  root: (options: HostOptions) => DynamicModule,
  env: Record<string, string> = {},
  databaseUrl?: string,
  transport?: EventTransport,
  /** A built web app to serve at `/` (the console's browser tests). */
  staticDir?: string,
): Promise<TestPlatform> {
  const url = databaseUrl ?? process.env.TEST_DATABASE_URL;
  if (!url) throw new Error('TEST_DATABASE_URL is not set: run through jest (global setup)');
  // Jobs that act on every tenant's rows stay off: test files share the database (a test drives them itself).
  const config = loadConfig({ NODE_ENV: 'test', LOG_LEVEL: 'silent', DATABASE_URL: url, OUTBOX_POLL_MS: '50', NOTIFY_POLL_MS: '0', RFM_SCHEDULE_MS: '0', ...env });
  // On the run's shared database each platform relays only the events of the tenants its test made
  // (createTenant, relayTenant): another file's platform, with other plugins or doubles, must not
  // take them. A database of its own relays everything.
  const relayTenants = databaseUrl ? undefined : new Set<string>();
  const app = await createServiceApp(root({ config, databaseUrl: url, jwtSecret: TEST_JWT_SECRET, transport, relayTenants }), {
    bodyLimit: config.BODY_LIMIT,
    staticDir,
  });
  await app.getHttpAdapter().getInstance().ready();
  return { app, http: request(app.getHttpServer()), close: () => app.close() };
}

const TEST_JWT_SECRET = 'test-secret-that-is-long-enough-for-hs256!';

export interface MerchantFixture {
  merchant: Merchant;
  stores: Store[];
  /** One POS key per store, in store order. */
  posKeys: string[];
  adminToken: string;
  clerkToken: string;
}

export interface TenantFixture {
  tenantId: string;
  allianceId: string | null;
  merchants: MerchantFixture[];
  operatorToken: string | null;
}

let counter = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${++counter}`;

/**
 * A fresh tenant for one test: an alliance with `merchants` merchants (or one standalone
 * merchant), two stores each (direct, franchise), POS keys, and staff tokens for each role.
 */
export async function createTenant(
  app: NestFastifyApplication,
  options: { alliance?: boolean; merchants?: number; settings?: Record<string, unknown> } = {},
): Promise<TenantFixture> {
  const commands = app.get(CommandBus);
  const tokens = app.get(TokenService);
  const ctx: RequestContext = systemContext('test-fixture');
  const allianceMode = options.alliance ?? true;
  const alliance = allianceMode ? await commands.execute(new CreateAllianceCommand(ctx, { name: unique('alliance') })) : null;
  const merchants: MerchantFixture[] = [];
  for (let i = 0; i < (allianceMode ? (options.merchants ?? 2) : 1); i++) {
    const merchant: Merchant = await commands.execute(
      new CreateMerchantCommand(ctx, { name: unique('merchant'), industry: 'retail', allianceId: alliance?.id, settings: options.settings }),
    );
    const stores: Store[] = [];
    const posKeys: string[] = [];
    for (const kind of ['direct', 'franchise'] as const) {
      const store: Store = await commands.execute(new CreateStoreCommand(ctx, { merchantId: merchant.id, name: unique(`store-${kind}`), kind }));
      stores.push(store);
      posKeys.push((await commands.execute(new IssuePosApiKeyCommand(ctx, { storeId: store.id }))).key);
    }
    const admin = await commands.execute(
      new CreateStaffCommand(ctx, { email: `${unique('admin')}@test.local`, name: 'admin', password: 'correct-horse-battery', role: 'MERCHANT_ADMIN', merchantId: merchant.id }),
    );
    const clerk = await commands.execute(
      new CreateStaffCommand(ctx, { email: `${unique('clerk')}@test.local`, name: 'clerk', password: 'correct-horse-battery', role: 'STORE_STAFF', storeId: stores[0].id }),
    );
    merchants.push({
      merchant,
      stores,
      posKeys,
      adminToken: (await tokens.issue(admin)).token,
      clerkToken: (await tokens.issue(clerk)).token,
    });
  }
  let operatorToken: string | null = null;
  if (alliance) {
    const operator = await commands.execute(
      new CreateStaffCommand(ctx, { email: `${unique('operator')}@test.local`, name: 'operator', password: 'correct-horse-battery', role: 'ALLIANCE_OPERATOR', allianceId: alliance.id }),
    );
    operatorToken = (await tokens.issue(operator)).token;
  }
  const tenantId = alliance?.id ?? merchants[0].merchant.id;
  app.get(OutboxRelay).relayTenant(tenantId);
  return { tenantId, allianceId: alliance?.id ?? null, merchants, operatorToken };
}

/** Has the platform relay the events of a tenant its test made without createTenant (e.g. through GraphQL). */
export function relayTenant(platform: TestPlatform, tenantId: string): void {
  platform.app.get(OutboxRelay).relayTenant(tenantId);
}

/** A staff token for a platform admin. */
export async function platformAdminToken(app: NestFastifyApplication): Promise<string> {
  const staff = await app
    .get(CommandBus)
    .execute(new CreateStaffCommand(systemContext('test'), { email: `${unique('root')}@test.local`, name: 'root', password: 'correct-horse-battery', role: 'PLATFORM_ADMIN' }));
  return (await app.get(TokenService).issue(staff)).token;
}

let keySeq = 0;
/** A fresh Idempotency-Key. */
export const idemKey = () => `test-${process.pid}-${Date.now()}-${++keySeq}`;

/** A POS terminal at the merchant's first store, for commands sent to the bus directly (several in one turn share a batch). */
export const posContext = (at: MerchantFixture): RequestContext => ({
  tenantId: at.merchant.tenantId,
  merchantId: at.merchant.id,
  storeId: at.stores[0].id,
  actorId: 'pos-test',
  roles: ['POS'],
  correlationId: idemKey(),
});

/** A POS write: POST with the key's store credentials and a fresh (or given) Idempotency-Key. */
export function posPost(platform: TestPlatform, apiKey: string, path: string, body: unknown, key: string = idemKey()) {
  return platform.http.post(`/api/pos/v1${path}`).set('x-api-key', apiKey).set('idempotency-key', key).send(body as object);
}

export function posGet(platform: TestPlatform, apiKey: string, path: string) {
  return platform.http.get(`/api/pos/v1${path}`).set('x-api-key', apiKey);
}

/** A GraphQL call with a staff token; returns the supertest response. */
export function gql(platform: TestPlatform, token: string | null, query: string, variables?: Record<string, unknown>) {
  const call = platform.http.post('/graphql').set('content-type', 'application/json');
  if (token) call.set('authorization', `Bearer ${token}`);
  return call.send({ query, variables });
}

/** A GraphQL call that must succeed: its data (throws with the errors otherwise). */
export async function gqlData<T = any>(platform: TestPlatform, token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
  const res = await gql(platform, token, query, variables);
  if (res.body.errors) throw new Error(`${res.status} ${JSON.stringify(res.body.errors)}`);
  return res.body.data;
}

/** A GraphQL call that must fail: the response status and the first error's code. */
export async function gqlError(platform: TestPlatform, token: string | null, query: string, variables?: Record<string, unknown>): Promise<{ status: number; code: string }> {
  const res = await gql(platform, token, query, variables);
  if (!res.body.errors) throw new Error(`expected an error, got ${JSON.stringify(res.body.data)}`);
  return { status: res.status, code: res.body.errors[0].extensions.code as string };
}

// Jest gives every test file a fresh module registry, so a counter alone restarts in each file; a
// random start keeps files apart. Files may still meet by chance: scope look-ups by tenant.
let phoneSeq = randomInt(100_000_000);
/** A phone number unique within the test file (and most likely within the run). */
export const uniquePhone = () => `139${String(++phoneSeq % 100_000_000).padStart(8, '0')}`;

/**
 * Relays the platform's pending outbox rows now (tests do not wait for the poll), and waits up to
 * 10 s until the rows written before the call are published: a background relay pass may hold some
 * of them, its consumers still at work (drain skips rows another pass has locked).
 */
export async function drainOutbox(platform: TestPlatform): Promise<number> {
  const { sent } = await relayUntilPublished(platform, 10_000);
  return sent;
}

/**
 * Relays the platform's pending outbox rows until every row written before the call is published,
 * so that every consumer has applied every event written before it; fails after `timeoutMs`.
 */
export async function settleOutbox(platform: TestPlatform, timeoutMs = 15_000): Promise<void> {
  const { left } = await relayUntilPublished(platform, timeoutMs);
  if (left > 0) throw new Error(`${left} outbox rows still unpublished after ${timeoutMs} ms`);
}

async function relayUntilPublished(platform: TestPlatform, timeoutMs: number): Promise<{ sent: number; left: number }> {
  const relay = platform.app.get(OutboxRelay);
  // Rows written until now are what the caller waits for (the test keeps writing its own).
  const until = new Date();
  const deadline = Date.now() + timeoutMs;
  let sent = 0;
  for (;;) {
    sent += await relay.drain();
    const left = await relay.unpublished(until);
    if (left === 0 || Date.now() > deadline) return { sent, left };
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/** Runs SQL as the database owner, bypassing row-level security: for assertions only. */
export function systemQuery<T = Record<string, unknown>>(platform: TestPlatform, sql: string, params: unknown[] = []): Promise<T[]> {
  return platform.app.get(Db).asSystem((tx) => tx.execute<T[]>(sql, params));
}
