import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import {
  bootTestPlatform,
  createTenant,
  settleOutbox,
  gqlData,
  gqlError,
  type MerchantFixture,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { addMonthsInZone, localDateOf } from '@loyalty/shared';
import { NOTIFICATION_CHANNELS, type NotificationChannels, RecordingChannel } from '../application/channels/notification-channel';
import { NotificationDispatcher } from '../application/notification-dispatcher';
import { PointsExpiringReminder } from '../application/points-expiring.reminder';
import { SIGNATURE_HEADER, verifyWebhook } from '../domain/webhook-signature';

const SECRET = 'whsec-test-0123456789abcdef';
const ZONE = 'Asia/Shanghai';

/** The merchant's own system for the test: answers each delivery with the next status of a script (then 200). */
function webhookReceiver() {
  const received: { headers: IncomingHttpHeaders; body: string }[] = [];
  const script: number[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => (body += chunk));
    req.on('end', () => {
      received.push({ headers: req.headers, body });
      res.statusCode = script.shift() ?? 200;
      res.end();
    });
  });
  return new Promise<{ url: string; received: typeof received; script: number[]; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}/hooks/loyalty`,
        received,
        script,
        // Deliveries keep their connections alive: close them too, or the server waits for them.
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

/** Local minutes after midnight in the merchant's zone, shifted. */
const clockIn = (offsetMinutes: number) => {
  const parts = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(new Date(Date.now() + offsetMinutes * 60_000));
  return parts;
};

/**
 * Each notification trigger end to end: POS write → outbox → event → message by the merchant's
 * template → delivery through the channel adapters (the SMS and e-mail doubles record, the webhook
 * goes to a real HTTP server); opt-out, quiet hours, signature, retry with backoff, and bad input.
 */
describe('notifications (end to end)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let shop: MerchantFixture;
  let hook: Awaited<ReturnType<typeof webhookReceiver>>;
  let sms: RecordingChannel;
  let email: RecordingChannel;
  let dispatcher: NotificationDispatcher;
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const fails = (token: string, query: string, variables?: Record<string, unknown>) => gqlError(platform, token, query, variables);
  const TEMPLATE = `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { id trigger channel } }`;
  const SETTINGS = `mutation($input: NotificationSettingsInput!) { setNotificationSettings(input: $input) { quietHoursStart quietHoursEnd webhookSigned } }`;
  const PREFERENCES = `mutation($input: MemberPreferencesInput!) { setMemberNotificationPreferences(input: $input) { memberId email optOut } }`;
  const settings = (quiet: [string, string] | null) => ({
    quietHoursStart: quiet?.[0],
    quietHoursEnd: quiet?.[1],
    webhookUrl: hook.url,
    webhookSecret: SECRET,
  });
  const register = async () => (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone() })).body as { id: string; phone: string };
  const purchase = async (memberId: string, amountFen: number, occurredAt?: string) => {
    const res = await posPost(platform, shop.posKeys[0], '/purchases', { memberId, orderNo: `N-${++order}`, amountFen, occurredAt });
    expect(res.status).toBe(201);
    await settleOutbox(platform);
    return res.body as { pointsBalance: number };
  };
  /** Delivers this merchant's due messages (test files share the database; others' are not ours to send). */
  const deliver = (now = new Date()) => dispatcher.deliverDue(now, [shop.merchant.id]);
  const messagesOf = (memberId: string) =>
    systemQuery<{ id: string; trigger: string; channel: string; status: string; skipReason: string | null; body: string; notBefore: Date; attempts: number }>(
      platform,
      `select id, trigger, channel, status, skip_reason as "skipReason", body, not_before as "notBefore", attempts from notifications.message where member_id = ? order by channel`,
      [memberId],
    ).then((rows) => rows.map((row) => ({ ...row, notBefore: new Date(row.notBefore) })));

  beforeAll(async () => {
    platform = await bootTestPlatform({ NOTIFY_POLL_MS: '0', NOTIFY_RETRY_BASE_MS: '1000', NOTIFY_MAX_ATTEMPTS: '3', EXPIRY_SWEEP_MS: '0', RFM_SCHEDULE_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 1 });
    [shop] = tenant.merchants;
    hook = await webhookReceiver();
    const channels = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS);
    sms = channels.sms as RecordingChannel;
    email = channels.email as RecordingChannel;
    dispatcher = platform.app.get(NotificationDispatcher);
    await settleOutbox(platform); // notifications learns the merchant
    // Quiet hours that are not now: from two hours ahead for an hour.
    await call(shop.adminToken, SETTINGS, { input: settings([clockIn(120), clockIn(180)]) });
    await call(shop.adminToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'sms', body: '【{{merchantName}}】您消费 {{amountYuan}} 元，获得 {{points}} 积分，积分余额 {{balance}}' } });
    await call(shop.adminToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'email', body: '订单 {{orderNo}}：{{amountYuan}} 元，余额 {{balance}} 积分' } });
    await call(shop.adminToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'webhook', body: 'purchase {{orderNo}}' } });
    await call(shop.adminToken, TEMPLATE, { input: { trigger: 'points_expiring', channel: 'sms', body: '您有 {{points}} 积分将于 {{expiresOn}} 到期，当前余额 {{balance}}' } });
  });
  afterAll(async () => {
    hook?.close();
    await platform?.close();
  });

  it('sends a transaction alert with amount and balance after a purchase, by SMS, e-mail and a signed webhook', async () => {
    const member = await register();
    await settleOutbox(platform);
    await call(shop.adminToken, PREFERENCES, { input: { memberId: member.id, email: 'zhang@example.cn' } });
    await purchase(member.id, 128_00);
    const before = sms.sent.length;
    expect(await deliver()).toBe(3);
    const text = sms.sent.slice(before).find((m) => m.memberId === member.id)!;
    expect(text).toMatchObject({ recipient: member.phone, body: `【${shop.merchant.name}】您消费 128.00 元，获得 128 积分，积分余额 128` });
    expect(email.sent.find((m) => m.memberId === member.id)).toMatchObject({ recipient: 'zhang@example.cn', subject: `${shop.merchant.name} 消费提醒` });
    const delivery = hook.received.at(-1)!;
    expect(verifyWebhook(SECRET, delivery.body, String(delivery.headers[SIGNATURE_HEADER]), new Date())).toBe(true);
    expect(verifyWebhook('another-secret-0123456789', delivery.body, String(delivery.headers[SIGNATURE_HEADER]), new Date())).toBe(false);
    expect(JSON.parse(delivery.body)).toMatchObject({ type: 'purchase', memberId: member.id, data: { amountYuan: '128.00', balance: 128, points: 128 } });
    expect((await messagesOf(member.id)).map((m) => [m.channel, m.status])).toEqual([
      ['email', 'sent'],
      ['sms', 'sent'],
      ['webhook', 'sent'],
    ]);
    // Delivered once: nothing is due any more.
    expect(await deliver()).toBe(0);
  });

  it('respects a member’s opt-out per channel, and records why nothing was sent', async () => {
    const member = await register();
    await settleOutbox(platform);
    expect((await call(shop.clerkToken, PREFERENCES, { input: { memberId: member.id, optOut: ['sms'] } })).setMemberNotificationPreferences).toEqual({
      memberId: member.id,
      email: null,
      optOut: ['sms'],
    });
    const before = sms.sent.length;
    await purchase(member.id, 50_00);
    await deliver();
    expect(sms.sent.length).toBe(before);
    expect((await messagesOf(member.id)).map((m) => [m.channel, m.status, m.skipReason])).toEqual([
      ['email', 'skipped', 'no_address'],
      ['sms', 'skipped', 'opted_out'],
      ['webhook', 'sent', null],
    ]);
    // Opting back in: the next purchase is texted again.
    await call(shop.clerkToken, PREFERENCES, { input: { memberId: member.id, optOut: [] } });
    await purchase(member.id, 20_00);
    await deliver();
    expect(sms.sent.length).toBe(before + 1);
  });

  it('holds messages to members through quiet hours and sends them when they end; the webhook is not held', async () => {
    await call(shop.adminToken, SETTINGS, { input: settings([clockIn(-60), clockIn(60)]) });
    try {
      const member = await register();
      await settleOutbox(platform);
      const before = sms.sent.length;
      await purchase(member.id, 30_00);
      await deliver();
      expect(sms.sent.length).toBe(before);
      const [, text, webhook] = await messagesOf(member.id);
      expect(webhook.status).toBe('sent');
      expect(text.status).toBe('pending');
      // Held until the local end of quiet hours, about an hour from now.
      const heldMs = new Date(text.notBefore).getTime() - Date.now();
      expect(heldMs).toBeGreaterThan(58 * 60_000);
      expect(heldMs).toBeLessThanOrEqual(61 * 60_000);
      await deliver(new Date(new Date(text.notBefore).getTime() - 1000));
      expect(sms.sent.length).toBe(before);
      await deliver(new Date(text.notBefore));
      expect(sms.sent.length).toBe(before + 1);
    } finally {
      await call(shop.adminToken, SETTINGS, { input: settings(null) });
    }
  });

  it('retries a failing webhook with exponential backoff, and gives up after the last attempt', async () => {
    const member = await register();
    await settleOutbox(platform);
    hook.script.push(503, 500);
    await purchase(member.id, 10_00);
    const start = new Date();
    const webhookOf = async () => (await messagesOf(member.id)).find((m) => m.channel === 'webhook')!;
    await deliver(start);
    expect(await webhookOf()).toMatchObject({ status: 'pending', attempts: 1, notBefore: new Date(start.getTime() + 1000) });
    await deliver(new Date(start.getTime() + 1000));
    expect(await webhookOf()).toMatchObject({ status: 'pending', attempts: 2, notBefore: new Date(start.getTime() + 1000 + 2000) });
    await deliver(new Date(start.getTime() + 2999));
    expect((await webhookOf()).attempts).toBe(2);
    await deliver(new Date(start.getTime() + 3000));
    expect(await webhookOf()).toMatchObject({ status: 'sent', attempts: 3 });
    // Every attempt carried the same id and a valid signature.
    const attempts = hook.received.slice(-3).map((r) => JSON.parse(r.body).id);
    expect(new Set(attempts).size).toBe(1);

    const other = await register();
    await settleOutbox(platform);
    hook.script.push(500, 500, 500);
    await purchase(other.id, 10_00);
    for (const ms of [0, 1000, 3000]) await deliver(new Date(start.getTime() + 10_000 + ms));
    expect((await messagesOf(other.id)).find((m) => m.channel === 'webhook')).toMatchObject({ status: 'failed', attempts: 3 });
  });

  it('reminds of points about to expire, for the part still unspent, once', async () => {
    const reminder = platform.app.get(PointsExpiringReminder);
    // Bought 12 months less 3 days ago: those points expire in 3 days; bought again today.
    const soon = new Date(Date.now() + 3 * 86_400_000);
    const earnedAt = addMonthsInZone(soon, -12, ZONE);
    const member = await register();
    await settleOutbox(platform);
    await purchase(member.id, 100_00, earnedAt.toISOString());
    await purchase(member.id, 50_00);
    // 30 points spent: taken from the lot that expires first.
    expect((await posPost(platform, shop.posKeys[0], '/redemptions', { memberId: member.id, points: 30, orderNo: `R-${++order}` })).status).toBe(201);
    const spent = await register();
    await settleOutbox(platform);
    await purchase(spent.id, 100_00, earnedAt.toISOString());
    expect((await posPost(platform, shop.posKeys[0], '/redemptions', { memberId: spent.id, points: 100, orderNo: `R-${++order}` })).status).toBe(201);
    // Bought 13 months ago (imported history): those points expired a month ago, nothing to remind of.
    const lapsed = await register();
    await settleOutbox(platform);
    await purchase(lapsed.id, 100_00, addMonthsInZone(new Date(), -13, ZONE).toISOString());
    await settleOutbox(platform);
    const lots = await systemQuery<{ memberId: string }>(platform, `select member_id as "memberId" from notifications.points_lot where member_id = any(?::uuid[])`, [
      `{${member.id},${lapsed.id}}`,
    ]);
    expect(lots.map((lot) => lot.memberId)).toEqual([member.id, member.id]);

    expect(await reminder.remind(new Date(), [shop.merchant.id])).toBe(1);
    const before = sms.sent.length;
    await deliver();
    const reminded = sms.sent.slice(before).filter((m) => m.trigger === 'points_expiring');
    expect(reminded.find((m) => m.memberId === member.id)?.body).toBe(`您有 70 积分将于 ${localDateOf(addMonthsInZone(earnedAt, 12, ZONE), ZONE)} 到期，当前余额 120`);
    expect(reminded.find((m) => m.memberId === spent.id)).toBeUndefined();
    // Once per lot.
    expect(await reminder.remind(new Date(), [shop.merchant.id])).toBe(0);
    // The year-old purchase brought no transaction alert; today's did.
    expect((await messagesOf(member.id)).filter((m) => m.trigger === 'purchase' && m.channel === 'sms')).toHaveLength(1);
  });

  it('refuses bad input, other merchants and unknown members with stable codes', async () => {
    expect(await fails(shop.adminToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'sms', body: '积分 {{expiresOn}}' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'sms', body: '   ' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, SETTINGS, { input: { quietHoursStart: '25:00', quietHoursEnd: '08:00' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, SETTINGS, { input: { quietHoursStart: '22:00' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, SETTINGS, { input: { webhookUrl: hook.url } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, SETTINGS, { input: { webhookUrl: 'ftp://example.cn/x', webhookSecret: SECRET } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.clerkToken, TEMPLATE, { input: { trigger: 'purchase', channel: 'sms', body: 'hi' } })).toEqual({ status: 403, code: 'FORBIDDEN' });
    const member = await register();
    await settleOutbox(platform);
    expect(await fails(shop.adminToken, PREFERENCES, { input: { memberId: member.id, email: 'not-an-address' } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await fails(shop.adminToken, PREFERENCES, { input: { memberId: '0193a7e0-0000-7000-8000-00000000beef' } })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    const other = await createTenant(platform.app, { merchants: 1 });
    await settleOutbox(platform);
    // Another tenant's member is not found, whatever its id.
    expect(await fails(other.merchants[0].adminToken, PREFERENCES, { input: { memberId: member.id, optOut: ['sms'] } })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    expect(await fails(other.operatorToken!, `query($m: UUID) { notificationSettings(merchantId: $m) { timeZone } }`, { m: shop.merchant.id })).toEqual({
      status: 404,
      code: 'MERCHANT_NOT_FOUND',
    });
    const listed = (await call(shop.adminToken, `{ notificationSettings { templates { trigger channel } } notificationMessages(limit: 5) { status } }`)) as {
      notificationSettings: { templates: unknown[] };
      notificationMessages: unknown[];
    };
    expect(listed.notificationSettings.templates).toHaveLength(4);
    expect(listed.notificationMessages).toHaveLength(5);
    expect(await fails(shop.adminToken, `mutation { deleteNotificationTemplate(trigger: "points_expiring", channel: email) }`)).toEqual({ status: 404, code: 'TEMPLATE_NOT_FOUND' });
  });
});
