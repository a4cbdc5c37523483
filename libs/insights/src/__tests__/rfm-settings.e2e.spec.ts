import { bootTestPlatform, createTenant, gqlData, type MerchantFixture, posPost, settleOutbox, type TestPlatform, uniquePhone } from '@loyalty/testing';

const T0 = new Date('2026-06-01T12:00:00+08:00');
const DAY = 86_400_000;
const daysBefore = (days: number) => new Date(T0.getTime() - days * DAY).toISOString();

/** A merchant's own RFM window and lifecycle rules, each at its edge (the defaults are 365 days and 30/90/180 days, 5 purchases). */
describe('RFM with a merchant-set window and lifecycle rules (end to end)', () => {
  let platform: TestPlatform;
  let shop: MerchantFixture;
  const members: Record<string, string> = {};
  let order = 0;

  const call = (query: string, variables?: Record<string, unknown>) => gqlData(platform, shop.adminToken, query, variables);
  const rfmOf = async (name: string) =>
    (await call(`query($m: UUID!) { memberRfm(memberId: $m) { recencyDays frequency monetaryFen lifecycle segment purchasesTotal } }`, { m: members[name] })).memberRfm;

  beforeAll(async () => {
    platform = await bootTestPlatform({ RFM_SCHEDULE_MS: '0', EXPIRY_SWEEP_MS: '0' });
    [shop] = (await createTenant(platform.app, { alliance: false })).merchants;
    await settleOutbox(platform);
    const settings = { windowDays: 30, newDays: 7, declineDays: 20, churnDays: 45, maturePurchases: 3 };
    await call(`mutation($input: RfmSettingsInput!) { setRfmSettings(input: $input) { scopeId } }`, { input: settings });
    const purchases: [string, [days: number, amountFen: number][]][] = [
      ['window', [[30, 500_00], [29, 100_00], [3, 10_00]]],
      ['fresh', [[6, 10_00]]],
      ['week', [[7, 10_00]]],
      ['d20', [[20, 10_00], [25, 10_00]]],
      ['d21', [[21, 10_00], [25, 10_00]]],
      ['d45', [[45, 10_00], [50, 10_00]]],
      ['d46', [[46, 10_00], [50, 10_00]]],
      ['three', [[8, 10_00], [9, 10_00], [10, 10_00]]],
      ['two', [[8, 10_00], [9, 10_00]]],
    ];
    for (const [name, list] of purchases) {
      members[name] = (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
      for (const [days, amountFen] of list) {
        expect((await posPost(platform, shop.posKeys[0], '/purchases', { memberId: members[name], orderNo: `W-${++order}`, amountFen, occurredAt: daysBefore(days) })).status).toBe(201);
      }
    }
    await settleOutbox(platform);
    await call(`mutation($asOf: String) { refreshRfm(asOf: $asOf) { members } }`, { asOf: T0.toISOString() });
  });
  afterAll(() => platform?.close());

  it('counts frequency and spend over the set window only: a purchase exactly 30 days before is outside it', async () => {
    expect(await rfmOf('window')).toMatchObject({ recencyDays: 3, frequency: 2, monetaryFen: 110_00, purchasesTotal: 3 });
    expect((await call(`{ rfmOverview { settings { windowDays newDays declineDays churnDays maturePurchases } } }`)).rfmOverview.settings).toEqual({
      windowDays: 30,
      newDays: 7,
      declineDays: 20,
      churnDays: 45,
      maturePurchases: 3,
    });
  });

  it('stages the lifecycle by the set rules at their edges', async () => {
    const stages = Object.fromEntries(await Promise.all(Object.keys(members).map(async (name) => [name, (await rfmOf(name)).lifecycle])));
    expect(stages).toEqual({
      window: 'mature', // three purchases
      fresh: 'new', // first purchase 6 days ago, under 7
      week: 'growing', // 7 days: no longer new
      d20: 'growing', // 20 days since the last purchase: not over 20
      d21: 'declining',
      d45: 'declining', // 45 days: not over 45
      d46: 'churned',
      three: 'mature',
      two: 'growing',
    });
    expect(await rfmOf('fresh')).toMatchObject({ segment: 'new' });
    expect(await rfmOf('week')).toMatchObject({ segment: 'lost' });
  });
});
