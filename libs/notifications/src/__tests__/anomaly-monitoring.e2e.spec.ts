import {
  bootTestPlatform,
  createTenant,
  gqlData,
  gqlError,
  type MerchantFixture,
  posPost,
  settleOutbox,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { NOTIFICATION_CHANNELS, type NotificationChannels, type RecordingChannel } from '../application/channels/notification-channel';
import { NotificationDispatcher } from '../application/notification-dispatcher';

const at = (local: string) => `2026-05-10T${local}+08:00`;
const clockIn = (offsetMinutes: number) =>
  new Intl.DateTimeFormat('en-GB', { timeZone: 'Asia/Shanghai', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));

/** 异常监控: each rule firing at its edge and not past it, recorded once, and the merchant's staff alerted. */
describe('anomaly monitoring (end to end)', () => {
  let platform: TestPlatform;
  let shop: MerchantFixture;
  const members: Record<string, string> = {};
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const member = async (name: string) => (members[name] = (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone() })).body.id);
  const buy = async (name: string, amountFen: number, local: string) =>
    expect((await posPost(platform, shop.posKeys[0], '/purchases', { memberId: members[name], orderNo: `A-${++order}`, amountFen, occurredAt: at(local) })).status).toBe(201);
  const redeem = async (name: string, points: number, local: string) =>
    expect((await posPost(platform, shop.posKeys[0], '/redemptions', { memberId: members[name], points, orderNo: `R-${++order}`, occurredAt: at(local) })).status).toBe(201);
  const RULES = `mutation($input: AnomalyRulesInput!) { setAnomalyRules(input: $input) { largeAmountFen frequencyCount oddHoursStart oddHoursEnd redeemAfterEarnMinutes } }`;

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    [shop] = (await createTenant(platform.app, { alliance: false })).merchants;
    await settleOutbox(platform);
    // Quiet hours now: staff alerts are not held by them.
    await call(shop.adminToken, `mutation($input: NotificationSettingsInput!) { setNotificationSettings(input: $input) { staffEmail } }`, {
      input: { staffEmail: 'risk@shop.example.cn', quietHoursStart: clockIn(-60), quietHoursEnd: clockIn(60) },
    });
    await call(shop.adminToken, `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { id } }`, {
      input: { trigger: 'anomaly', channel: 'email', body: '【{{merchantName}}】{{rule}}：会员 {{memberId}} {{detail}}（{{time}}）' },
    });
    expect(
      (
        await call(shop.adminToken, RULES, {
          input: { largeAmountFen: 5000_00, frequencyCount: 3, frequencyWindowMinutes: 60, oddHoursStart: '01:00', oddHoursEnd: '05:00', redeemAfterEarnMinutes: 10 },
        })
      ).setAnomalyRules,
    ).toEqual({ largeAmountFen: 5000_00, frequencyCount: 3, oddHoursStart: '01:00', oddHoursEnd: '05:00', redeemAfterEarnMinutes: 10 });

    for (const name of ['large', 'frequent', 'steady', 'night', 'early', 'dawn', 'quick', 'patient']) await member(name);
    await buy('large', 4999_99, '12:00:00');
    await buy('large', 5000_00, '13:30:00');
    await buy('frequent', 10_00, '10:00:00');
    await buy('frequent', 10_00, '10:30:00');
    await buy('frequent', 10_00, '10:59:59'); // third within the hour
    await buy('steady', 10_00, '10:00:00');
    await buy('steady', 10_00, '10:30:00');
    await buy('steady', 10_00, '11:00:00'); // 10:00 is exactly an hour before: outside
    await buy('night', 10_00, '01:00:00');
    await buy('early', 10_00, '00:59:00');
    await buy('dawn', 10_00, '05:00:00');
    await buy('quick', 100_00, '14:00:00');
    await redeem('quick', 50, '14:10:00'); // ten minutes after earning
    await buy('patient', 100_00, '14:00:00');
    await redeem('patient', 50, '14:11:00');
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('fires each rule at its edge and not past it', async () => {
    const hits = (await call(shop.adminToken, `{ anomalies(limit: 50) { memberId rule detail } }`)).anomalies as { memberId: string; rule: string; detail: string }[];
    const named = hits.map((h) => [Object.keys(members).find((name) => members[name] === h.memberId), h.rule]).sort();
    expect(named).toEqual(
      [
        ['large', 'LARGE_AMOUNT'],
        ['frequent', 'HIGH_FREQUENCY'],
        ['night', 'ODD_HOURS'],
        ['quick', 'REDEEM_AFTER_EARN'],
      ].sort(),
    );
    expect(hits.find((h) => h.rule === 'LARGE_AMOUNT')!.detail).toBe('消费 5000.00 元 ≥ 5000.00 元');
    expect(hits.find((h) => h.rule === 'REDEEM_AFTER_EARN')!.detail).toBe('获得积分后 10 分钟即兑换 50 积分');
  });

  it("alerts the merchant's staff at once, whatever the quiet hours", async () => {
    const email = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).email as RecordingChannel;
    const before = email.sent.length;
    expect(await platform.app.get(NotificationDispatcher).deliverDue(new Date(), [shop.merchant.id])).toBe(4);
    const alerts = email.sent.slice(before);
    expect(alerts.every((m) => m.recipient === 'risk@shop.example.cn' && m.trigger === 'anomaly')).toBe(true);
    expect(alerts.find((m) => m.memberId === members.night)!.body).toBe(`【${shop.merchant.name}】ODD_HOURS：会员 ${members.night} 消费于 2026-05-10 01:00（2026-05-10 01:00）`);
  });

  it('refuses incomplete rules and other roles', async () => {
    expect(await gqlError(platform, shop.adminToken, RULES, { input: { frequencyCount: 3 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, shop.adminToken, RULES, { input: { oddHoursStart: '24:00', oddHoursEnd: '05:00' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, shop.adminToken, RULES, { input: { largeAmountFen: 0 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, shop.clerkToken, RULES, { input: {} })).toEqual({ status: 403, code: 'FORBIDDEN' });
    // Setting none switches every rule off.
    expect((await call(shop.adminToken, RULES, { input: {} })).setAnomalyRules).toEqual({
      largeAmountFen: null,
      frequencyCount: null,
      oddHoursStart: null,
      oddHoursEnd: null,
      redeemAfterEarnMinutes: null,
    });
  });
});
