import { Db, type Tx } from '@loyalty/database';
import { bootTestPlatform, createTenant, type TestPlatform } from '@loyalty/testing';
import { PosAuthenticator } from '../auth/pos-authenticator';

/** POS key look-ups under concurrent requests, on the real database. */
describe('PosAuthenticator (real PostgreSQL)', () => {
  let platform: TestPlatform;

  beforeAll(async () => {
    platform = await bootTestPlatform();
  });
  afterAll(() => platform.close());

  /** An authenticator of its own over the platform's Db, counting the transactions its look-ups open. */
  function countingAuthenticator() {
    const db = platform.app.get(Db);
    const counter = { lookups: 0 };
    const counting = {
      asSystem: <T>(work: (tx: Tx) => Promise<T>) => {
        counter.lookups++;
        return db.asSystem(work);
      },
    } as Db;
    return { authenticator: new PosAuthenticator(counting), counter };
  }

  it('reads a key once for all the requests that arrive while it is read', async () => {
    const { merchants } = await createTenant(platform.app, { merchants: 1 });
    const { authenticator, counter } = countingAuthenticator();

    const contexts = await Promise.all(Array.from({ length: 20 }, (_, i) => authenticator.authenticate(merchants[0].posKeys[0], `request-${i}`)));

    expect(counter.lookups).toBe(1);
    expect(contexts.map((ctx) => ctx.storeId)).toEqual(Array(20).fill(merchants[0].stores[0].id));
    expect(contexts[7]).toMatchObject({ merchantId: merchants[0].merchant.id, roles: ['POS'], correlationId: 'request-7' });
  });

  it('refuses a wrong secret from the cached key, and an unknown prefix each time it is asked (nothing cached), 401', async () => {
    const { merchants } = await createTenant(platform.app, { merchants: 1 });
    const { authenticator, counter } = countingAuthenticator();
    const key = merchants[0].posKeys[0];
    await authenticator.authenticate(key, 'first');
    const wrongSecret = `${key.slice(0, -1)}${key.endsWith('A') ? 'B' : 'A'}`;
    const unknownPrefix = `pos_000000000000_${key.slice('pos_000000000000_'.length)}`;

    await expect(authenticator.authenticate(wrongSecret, 'wrong')).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    expect(counter.lookups).toBe(1);
    for (const attempt of ['unknown-1', 'unknown-2']) {
      await expect(authenticator.authenticate(unknownPrefix, attempt)).rejects.toMatchObject({ code: 'UNAUTHENTICATED', status: 401 });
    }
    expect(counter.lookups).toBe(3);
  });
});
