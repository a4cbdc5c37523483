import { addMonthsInZone } from '@loyalty/shared';
import { bootTestPlatform, createScratchDatabase, createTenant, posGet, posPost, type ScratchDatabase, systemQuery, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { PointsExpiryScheduler } from '../points-expiry.scheduler';

const DAY = 86_400_000;

/** The scheduled expiry sweep (积分清零), on a database of its own (a sweep touches every tenant). */
describe('points expiry sweep', () => {
  let database: ScratchDatabase;
  let platform: TestPlatform;

  beforeAll(async () => {
    database = await createScratchDatabase('expiry');
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' }, database.url);
  });
  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('moves exactly the points due to breakage, once, naming the merchant that issued them', async () => {
    const tenant = await createTenant(platform.app, { alliance: false });
    const key = tenant.merchants[0].posKeys[0];
    const member = (await posPost(platform, key, '/members', { phone: uniquePhone() })).body;
    const now = new Date();
    // Points expire 12 months after the purchase, in the merchant's zone.
    const boughtExpiringIn = (days: number) => addMonthsInZone(new Date(now.getTime() + days * DAY), -12, 'Asia/Shanghai').toISOString();
    for (const [orderNo, amountFen, days] of [['gone', 5_000, -2], ['soon', 3_000, 3], ['later', 20_000, 20]] as const) {
      expect((await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen, occurredAt: boughtExpiringIn(days) })).status).toBe(201);
    }
    const scheduler = platform.app.get(PointsExpiryScheduler);
    const expired = () =>
      systemQuery<{ payload: { points: number; issuerMerchantId: string } }>(platform, `select payload from outbox_event where key = ? and type = 'points.expired.v1' order by created_at`, [
        member.id,
      ]);

    expect(await scheduler.run(now)).toBe(50);
    expect(await scheduler.run(now)).toBe(0);
    expect((await expired()).map((e) => e.payload)).toEqual([expect.objectContaining({ points: 50, issuerMerchantId: tenant.merchants[0].merchant.id })]);
    expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsBalance).toBe(230);
    // A week on, the next lot is due.
    expect(await scheduler.run(new Date(now.getTime() + 7 * DAY))).toBe(30);
    expect((await expired()).map((e) => e.payload.points)).toEqual([50, 30]);
  });
});
