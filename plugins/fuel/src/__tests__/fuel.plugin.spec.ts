import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  disablePlugin,
  enablePlugin,
  gqlData,
  pluginPosPost,
  posPost,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

/** The fuel plugin on the real platform (real PostgreSQL): on for one merchant, off for the other. */
describe('fuel plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const phone = uniquePhone();

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([join(__dirname, '..', 'index.ts')]);
    tenant = await createTenant(platform.app, { merchants: 2 });
    await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone });
    await enablePlugin(platform, tenant.merchants[0].adminToken, 'fuel', { settings: { bonusPointsPerPurchase: 25 } });
  });
  afterAll(() => platform.close());

  it('adds the bonus to purchases at the merchant that has it on, and only there', async () => {
    const on = await posPost(platform, tenant.merchants[0].posKeys[0], '/purchases', { phone, orderNo: 'P-1', amountFen: 10_000 });
    expect(on.body.pointsEarned).toBe(100 + 25);
    const off = await posPost(platform, tenant.merchants[1].posKeys[0], '/purchases', { phone, orderNo: 'P-1', amountFen: 10_000 });
    expect(off.body.pointsEarned).toBe(100);
  });

  it('records visits at the till and shows them with the member', async () => {
    const res = await pluginPosPost(platform, tenant.merchants[0].posKeys[0], 'fuel', 'visits', { phone, note: 'first visit' });
    expect(res.status).toBe(201);
    const data = await gqlData(platform, tenant.merchants[0].adminToken, `{ member(phone: "${phone}") { member { fuelVisits { note } } } }`);
    expect(data.member.member.fuelVisits).toEqual([{ note: 'first visit' }]);
    const off = await pluginPosPost(platform, tenant.merchants[1].posKeys[0], 'fuel', 'visits', { phone, note: 'elsewhere' });
    expect([off.status, off.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
  });

  it('has no effect once turned off', async () => {
    await disablePlugin(platform, tenant.merchants[0].adminToken, 'fuel');
    const res = await posPost(platform, tenant.merchants[0].posKeys[0], '/purchases', { phone, orderNo: 'P-2', amountFen: 10_000 });
    expect(res.body.pointsEarned).toBe(100);
  });
});
