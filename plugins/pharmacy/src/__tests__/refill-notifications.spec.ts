import {
  bootPluginTestPlatform,
  createTenant,
  deliverNotifications,
  disablePlugin,
  enablePlugin,
  gqlData,
  gqlError,
  posPost,
  runPluginJob,
  sentNotifications,
  settleOutbox,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const SET_TEMPLATE = 'mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { trigger channel } }';
const MESSAGES = 'query($m: UUID) { notificationMessages(merchantId: $m) { memberId trigger status skipReason notBefore } }';
const BODY = '【{{merchantName}}】您在{{storeName}}购买的{{medication}}预计{{runsOutOn}}用完，请及时续药。';

/**
 * 续药提醒 as a notification, end to end on the real platform and PostgreSQL: the hourly job's
 * `pharmacy.refill-due.v1` goes through the outbox to the notifications service, by the pharmacy's
 * `pharmacy_refill` template, and out to the SMS double at 09:00 of the reminder's day in the
 * merchant's time zone; an opted-out member gets nothing, and a merchant that turned the plugin off
 * before the event arrived sends nothing.
 */
describe('pharmacy refill reminders as notifications', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];
  const members: { phone: string; id: string }[] = [];

  // 23:30 UTC on 30 June is 1 July in Shanghai: 60 tablets at 3 a day run out on 21 July, the reminder is due on the 18th.
  const boughtAt = '2026-06-30T23:30:00.000Z';
  const line = { sku: 'RX-AMLODIPINE', name: '氨氯地平', category: 'prescription', quantity: 2, amountFen: 6_000, attributes: { dailyDose: 3, unitsPerPack: 30 } };
  const dueAt = new Date('2026-07-18T01:00:00.000Z'); // 09:00 in Shanghai

  const messagesOf = async (merchant: number) =>
    (await gqlData(platform, tenant.merchants[merchant].adminToken, MESSAGES, { m: tenant.merchants[merchant].merchant.id })).notificationMessages.filter(
      (m: { trigger: string }) => m.trigger === 'pharmacy_refill',
    );

  beforeAll(async () => {
    // The relay polls rarely: the job's events wait in the outbox until the test relays them.
    platform = await bootPluginTestPlatform(['@loyalty/plugin-pharmacy'], { OUTBOX_POLL_MS: '60000' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    await settleOutbox(platform); // notifications learns the merchants
    for (const merchant of [on, off]) {
      await enablePlugin(platform, tenant.merchants[merchant].adminToken, 'pharmacy');
      await gqlData(platform, tenant.merchants[merchant].adminToken, SET_TEMPLATE, { input: { trigger: 'pharmacy_refill', channel: 'sms', body: BODY } });
    }
    // Two members of the pharmacy that keeps it on (the second opted out of SMS), one of the other.
    for (const merchant of [on, on, off]) {
      const phone = uniquePhone();
      members.push({ phone, id: (await posPost(platform, tenant.merchants[merchant].posKeys[0], '/members', { phone })).body.id });
    }
    await settleOutbox(platform);
    await gqlData(platform, tenant.merchants[on].adminToken, 'mutation($m: ID!) { setMemberNotificationPreferences(input: { memberId: $m, optOut: [sms] }) { optOut } }', {
      m: members[1].id,
    });
    for (const [i, merchant] of [on, on, off].entries()) {
      const sale = await posPost(platform, tenant.merchants[merchant].posKeys[0], '/purchases', { phone: members[i].phone, orderNo: `RN-${i}`, amountFen: 6_000, occurredAt: boughtAt, lines: [line] });
      expect(sale.status).toBe(201);
    }
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('lists the plugin’s trigger beside the core’s, and refuses a trigger nobody defined with a code', async () => {
    const { notificationTriggers } = await gqlData(platform, tenant.merchants[on].adminToken, '{ notificationTriggers { name audience subject variables } }');
    expect(notificationTriggers).toContainEqual({ name: 'pharmacy_refill', audience: 'member', subject: '续药提醒', variables: ['merchantName', 'medication', 'runsOutOn', 'storeName'] });
    expect(notificationTriggers.map((t: { name: string }) => t.name)).toContain('purchase');
    const unknown = { input: { trigger: 'pharmacy_refil', channel: 'sms', body: 'hi' } };
    expect(await gqlError(platform, tenant.merchants[on].adminToken, SET_TEMPLATE, unknown)).toEqual({ status: 422, code: 'NOTIFICATION_TRIGGER_UNKNOWN' });
    // A variable of another trigger.
    const wrongVariable = { input: { trigger: 'pharmacy_refill', channel: 'sms', body: '{{points}}' } };
    expect(await gqlError(platform, tenant.merchants[on].adminToken, SET_TEMPLATE, wrongVariable)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('texts the member at 09:00 on the reminder’s day, skips the one who opted out, and sends nothing for a merchant that turned the plugin off', async () => {
    expect(await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-07-17T16:00:00.000Z'), tenant.merchants.map((m) => m.merchant.id))).toBe(2);
    // The other pharmacy switches the plugin off before its event reaches the notifications service.
    await disablePlugin(platform, tenant.merchants[off].adminToken, 'pharmacy');
    await settleOutbox(platform);

    expect(await messagesOf(off)).toEqual([]);
    const messages = await messagesOf(on);
    expect(messages).toHaveLength(2);
    expect(messages).toEqual(
      expect.arrayContaining([
        { memberId: members[0].id, trigger: 'pharmacy_refill', status: 'pending', skipReason: null, notBefore: dueAt.toISOString() },
        expect.objectContaining({ memberId: members[1].id, status: 'skipped', skipReason: 'opted_out' }),
      ]),
    );

    const merchantIds = [tenant.merchants[on].merchant.id, tenant.merchants[off].merchant.id];
    const before = sentNotifications(platform, 'sms').length;
    expect(await deliverNotifications(platform, new Date(dueAt.getTime() - 60_000), merchantIds)).toBe(0);
    expect(await deliverNotifications(platform, dueAt, merchantIds)).toBe(1);
    const store = tenant.merchants[on].stores[0].name;
    expect(sentNotifications(platform, 'sms').slice(before)).toEqual([
      expect.objectContaining({
        recipient: members[0].phone,
        trigger: 'pharmacy_refill',
        body: `【${tenant.merchants[on].merchant.name}】您在${store}购买的氨氯地平预计2026-07-21用完，请及时续药。`,
      }),
    ]);
  });

  it('keeps a reminder that waits for its time unsent once the pharmacy turns the plugin off', async () => {
    const onId = tenant.merchants[on].merchant.id;
    // Bought on 1 August in Shanghai: the reminder falls due on the 18th at 09:00.
    const sale = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { phone: members[0].phone, orderNo: 'RN-9', amountFen: 6_000, occurredAt: '2026-07-31T23:30:00.000Z', lines: [line] });
    expect(sale.status).toBe(201);
    await settleOutbox(platform);
    expect(await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-08-17T16:00:00.000Z'), [onId])).toBe(1);
    await settleOutbox(platform);
    const august = async () => (await messagesOf(on)).filter((m: { notBefore: string }) => m.notBefore === '2026-08-18T01:00:00.000Z');
    expect(await august()).toEqual([expect.objectContaining({ memberId: members[0].id, status: 'pending' })]);
    await disablePlugin(platform, tenant.merchants[on].adminToken, 'pharmacy');
    const before = sentNotifications(platform, 'sms').length;
    expect(await deliverNotifications(platform, new Date('2026-08-18T01:00:00.000Z'), [onId])).toBe(0);
    expect(sentNotifications(platform, 'sms').length).toBe(before);
    expect(await august()).toEqual([expect.objectContaining({ status: 'skipped', skipReason: 'trigger_off' })]);
  });
});
