import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  enablePlugin,
  idemKey,
  pluginPosPost,
  posGet,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const PLUGIN = 'test-wallet';

/** `scope.payFromStoredValue` (余额支付 from a plugin's POS write) on the booted platform with real PostgreSQL. */
describe('plugin scope: payFromStoredValue', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let phone: string;
  let memberId: string;

  const pay = (orderNo: string, amountFen: number, idempotencyKey?: string) => pluginPosPost(platform, key, PLUGIN, 'paid-purchases', { phone, orderNo, amountFen }, idempotencyKey);
  const balance = async () => (await posGet(platform, key, `/members/${memberId}/stored-value`)).body.balanceFen;
  const rowsOf = (orderNo: string) =>
    systemQuery(
      platform,
      `select 'purchase' as kind from purchase where order_no = ? and merchant_id = ? union all select 'payment' from stored_value_payment where order_no = ? and merchant_id = ?`,
      [orderNo, tenant.merchants[0].merchant.id, orderNo, tenant.merchants[0].merchant.id],
    );

  beforeAll(async () => {
    // Writes in up to four transactions at once, so concurrent payments race for real.
    platform = await bootPluginTestPlatform([join(__dirname, 'fixtures', 'test-wallet.plugin.ts')], { WRITE_BATCH_MAX: '1', WRITE_BATCH_IN_FLIGHT: '4' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    key = tenant.merchants[0].posKeys[0];
    phone = uniquePhone();
    memberId = (await posPost(platform, key, '/members', { phone })).body.id;
    expect((await posPost(platform, key, '/stored-value/recharges', { phone, orderNo: 'R-1', amountFen: 10_000 })).status).toBe(201);
    await enablePlugin(platform, tenant.merchants[0].adminToken, PLUGIN);
  });
  afterAll(() => platform.close());

  it('pays the order from the member’s stored value in the write’s transaction, once per Idempotency-Key', async () => {
    const idempotencyKey = idemKey();
    const first = await pay('P-1', 6_000, idempotencyKey);
    expect([first.status, first.body]).toEqual([201, { purchaseId: expect.any(String), paymentId: expect.any(String), balanceFen: 4_000 }]);
    const again = await pay('P-1', 6_000, idempotencyKey);
    expect([again.status, again.body]).toEqual([201, first.body]);
    expect(await balance()).toBe(4_000);
    expect(await rowsOf('P-1')).toHaveLength(2);
  });

  it('refuses a payment the balance does not cover, keeping neither the purchase nor the payment', async () => {
    const short = await pay('P-2', 4_001);
    expect([short.status, short.body.code]).toEqual([422, 'INSUFFICIENT_BALANCE']);
    const bad = await pay('BAD-1', 100);
    expect([bad.status, bad.body.code]).toEqual([422, 'TEST_WALLET_BAD_ORDER']);
    expect(await rowsOf('P-2')).toEqual([]);
    expect(await rowsOf('BAD-1')).toEqual([]);
    expect(await balance()).toBe(4_000);
  });

  it('never overdraws under concurrent payments', async () => {
    const results = await Promise.all(['C-1', 'C-2', 'C-3'].map((orderNo) => pay(orderNo, 1_500)));
    expect(results.map((r) => r.status).sort()).toEqual([201, 201, 422]);
    expect(await balance()).toBe(1_000);
  });

  it('is the plugin’s only where the merchant has it on', async () => {
    const off = await pluginPosPost(platform, tenant.merchants[1].posKeys[0], PLUGIN, 'paid-purchases', { phone, orderNo: 'O-1', amountFen: 100 });
    expect([off.status, off.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
  });
});
