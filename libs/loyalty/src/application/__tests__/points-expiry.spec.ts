import { addMonthsInZone } from '@loyalty/shared';
import { bootTestPlatform, createScratchDatabase, createTenant, posPost, type ScratchDatabase, systemQuery, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { PointsExpiryScheduler } from '../points-expiry.scheduler';

const DAY = 86_400_000;

/** The expiry sweep and its reminders, on a database of its own (a sweep touches every tenant). */
describe('points expiry sweep and reminders', () => {
  let database: ScratchDatabase;
  let platform: TestPlatform;

  beforeAll(async () => {
    database = await createScratchDatabase('expiry');
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0', POINTS_EXPIRY_REMINDER_DAYS: '7' }, database.url);
  });
  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('expires what is due, and reminds each member once of the points expiring within the window', async () => {
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
    const events = (type: string) =>
      systemQuery<{ payload: { points: number; firstExpiresAt: string } }>(platform, 'select payload from outbox_event where key = ? and type = ? order by created_at', [member.id, type]);

    expect(await scheduler.run(now)).toBe(50);
    expect((await events('points.expired.v1')).map((e) => e.payload.points)).toEqual([50]);
    const [reminder] = await events('points.expiring.v1');
    expect(reminder.payload).toMatchObject({ memberId: member.id, points: 30 });
    expect(Math.round((new Date(reminder.payload.firstExpiresAt).getTime() - now.getTime()) / DAY)).toBe(3);

    // Once per lot: the next sweep says nothing new; two weeks on, the later lot is in the window.
    await scheduler.run(now);
    expect(await events('points.expiring.v1')).toHaveLength(1);
    await scheduler.run(new Date(now.getTime() + 14 * DAY));
    expect((await events('points.expiring.v1')).map((e) => e.payload.points)).toEqual([30, 200]);
  });
});
