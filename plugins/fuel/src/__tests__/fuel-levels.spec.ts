import { join } from 'node:path';
import {
  bootPluginTestPlatform,
  createTenant,
  enablePlugin,
  gqlData,
  pluginPosPost,
  posPost,
  settleOutbox,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const SETTINGS = { grades: { '92': { priceFen: 750, earn: { per: 'unit', points: 1 } }, LNG: { priceFen: 520 } } };

/**
 * The fuel station's level-rule measures on the real platform and PostgreSQL: 银卡 at 100 litres in
 * 12 months, 金卡 at 4 fill-ups; litres of gas sold by the kilogram are not litres; a refunded share
 * of a fill's money takes the same share of its litres, and a fill refunded whole no longer counts.
 */
describe('fuel level measures', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;

  const fill = (memberId: string, orderNo: string, grade: string, quantity: number) =>
    pluginPosPost(platform, tenant.merchants[0].posKeys[0], 'fuel', 'purchases', { memberId, orderNo, grade, quantity });
  const levelOf = async (memberId: string) =>
    (await gqlData(platform, tenant.merchants[0].adminToken, 'query($m: UUID!) { memberLevel(memberId: $m) { levelCode } }', { m: memberId })).memberLevel.levelCode;
  const newMember = async () => (await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body.id as string;

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([join(__dirname, '..', 'index.ts')]);
    tenant = await createTenant(platform.app, { merchants: 1 });
    const admin = tenant.merchants[0].adminToken;
    await enablePlugin(platform, admin, 'fuel', { settings: SETTINGS });
    await gqlData(platform, admin, 'mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }', {
      i: {
        name: '加油会员',
        merchantId: tenant.merchants[0].merchant.id,
        levels: [
          { code: 'REGULAR', name: '普通会员' },
          { code: 'SILVER', name: '银卡', conditions: [{ all: [{ metric: 'MEASURE', measure: 'fuel.litres', windowMonths: 12, min: 100 }] }] },
          { code: 'GOLD', name: '金卡', conditions: [{ all: [{ metric: 'MEASURE', measure: 'fuel.fills', min: 4 }] }] },
        ],
      },
    });
  });
  afterAll(() => platform?.close());

  it('raises a member at the fill-up that reaches 100 litres, not counting kilograms of gas', async () => {
    const member = await newMember();
    expect((await fill(member, 'L-1', '92', 60)).status).toBe(201);
    expect((await fill(member, 'L-2', 'LNG', 45)).status).toBe(201);
    expect(await levelOf(member)).toBe('REGULAR');
    expect((await fill(member, 'L-3', '92', 40)).status).toBe(201);
    expect(await levelOf(member)).toBe('SILVER');
  });

  it('counts a partly refunded fill by what was kept, and a wholly refunded one not at all', async () => {
    const member = await newMember();
    // 80 L for ¥600.00; half of it refunded: 40 L count.
    expect((await fill(member, 'R-1', '92', 80)).body).toMatchObject({ amountFen: 600_00 });
    expect((await posPost(platform, tenant.merchants[0].posKeys[0], '/refunds', { orderNo: 'R-1', amountFen: 300_00 })).status).toBe(201);
    await settleOutbox(platform); // refunds reach the plugin as events
    // A fill refunded whole: neither its litres nor its fill-up count.
    expect((await fill(member, 'R-2', '92', 30)).status).toBe(201);
    expect((await posPost(platform, tenant.merchants[0].posKeys[0], '/refunds', { orderNo: 'R-2' })).status).toBe(201);
    await settleOutbox(platform);
    // 40 + 59.999 L: still under 100.
    expect((await fill(member, 'R-3', '92', 59.999)).status).toBe(201);
    expect(await levelOf(member)).toBe('REGULAR');
    // 40 + 59.999 + 0.001 = 100 L; the fourth fill-up, but the refunded one is not counted: 银卡, not 金卡.
    expect((await fill(member, 'R-4', '92', 0.001)).status).toBe(201);
    expect(await levelOf(member)).toBe('SILVER');
    expect((await fill(member, 'R-5', '92', 1)).status).toBe(201);
    expect(await levelOf(member)).toBe('GOLD');
  });
});
