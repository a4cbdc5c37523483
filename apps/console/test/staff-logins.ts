import type { AddressInfo } from 'node:net';
import { bootTestPlatform, createTenant, gql, type TenantFixture, type TestPlatform } from '@loyalty/testing';
import { createAuthProvider } from '../src/auth-provider';
import { type ConsoleDataProvider, createDataProvider } from '../src/data-provider';
import { createGraphQLClient, memoryTokenStore } from '../src/graphql';

/** createTenant's staff all share this password. */
export const PASSWORD = 'correct-horse-battery';

export interface StaffLogins {
  operator: string;
  /** The first merchant's admin, and the clerks of each merchant's first store. */
  adminA: string;
  clerkA: string;
  clerkB: string;
}

/** The login e-mails of a two-merchant tenant's staff (createTenant hands out tokens only). */
export async function staffLogins(platform: TestPlatform, tenant: TenantFixture): Promise<StaffLogins> {
  const res = await gql(platform, tenant.operatorToken, `{ staff { email role merchantId storeId } }`);
  const staff = res.body.data.staff as { email: string; role: string; merchantId: string | null; storeId: string | null }[];
  const [a, b] = tenant.merchants;
  const email = (pred: (s: (typeof staff)[number]) => boolean) => staff.find(pred)!.email;
  return {
    operator: email((s) => s.role === 'ALLIANCE_OPERATOR'),
    adminA: email((s) => s.role === 'MERCHANT_ADMIN' && s.merchantId === a.merchant.id),
    clerkA: email((s) => s.role === 'STORE_STAFF' && s.storeId === a.stores[0].id),
    clerkB: email((s) => s.role === 'STORE_STAFF' && s.storeId === b.stores[0].id),
  };
}

/** A test platform listening on a port, for the console's providers over real HTTP; and its base URL. */
export async function listeningPlatform(env: Record<string, string> = {}): Promise<{ platform: TestPlatform; baseUrl: string }> {
  const platform = await bootTestPlatform(env);
  await platform.app.listen({ port: 0, host: '127.0.0.1' });
  return { platform, baseUrl: `http://127.0.0.1:${(platform.app.getHttpServer().address() as AddressInfo).port}` };
}

/** The console's data provider of a staff member, logged in through the auth provider as the console does. */
export async function consoleProviderFor(baseUrl: string, email: string): Promise<ConsoleDataProvider> {
  const tokens = memoryTokenStore();
  const client = createGraphQLClient({ baseUrl, tokens });
  await createAuthProvider(client, tokens).login({ username: email, password: PASSWORD });
  return createDataProvider(client);
}

/** A listening platform, a two-merchant tenant, and the providers of its operator, first merchant's admin and clerk. */
export async function consoleFixture(env: Record<string, string> = {}) {
  const { platform, baseUrl } = await listeningPlatform(env);
  const tenant = await createTenant(platform.app, { merchants: 2 });
  const emails = await staffLogins(platform, tenant);
  const [admin, operator, clerk] = await Promise.all([emails.adminA, emails.operator, emails.clerkA].map((email) => consoleProviderFor(baseUrl, email)));
  return { platform, baseUrl, tenant, emails, admin, operator, clerk };
}
