import { CommandBus } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { appendToOutbox, type IntegrationEvent } from '@loyalty/events';
import type { RequestContext } from '@loyalty/shared';
import { bootTestPlatform, createTenant, type MerchantFixture, posPost, settleOutbox, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { NOTIFICATION_CHANNELS, type NotificationChannels, type RecordingChannel } from '../application/channels/notification-channel';
import { SetNotificationTemplateCommand } from '../application/commands/set-notification-template.command';
import { NotifyOnEventsHandler } from '../application/event-handlers/notify-on-events.handler';
import { NotificationDispatcher } from '../application/notification-dispatcher';
import { NotificationTriggers } from '../application/notification-triggers';

const FOLLOW_UP_DUE = 'test.eye-ointment-sold.v1';
const DAY_MS = 86_400_000;

/**
 * A trigger another module defines (as an industry plugin will: 宠物回访, 3 days after an eye
 * ointment is sold): its own event becomes a reminder held until it is due, by the merchant's
 * template, through the same composer, quiet hours and channels as the core's triggers.
 */
describe('a trigger defined by another module (end to end)', () => {
  let platform: TestPlatform;
  let shop: MerchantFixture;
  let tenantId: string;

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    const tenant = await createTenant(platform.app, { alliance: false });
    tenantId = tenant.tenantId;
    [shop] = tenant.merchants;
    platform.app.get(NotificationTriggers).define({ name: 'test_follow_up', audience: 'member', subject: '回访提醒', variables: ['merchantName', 'product'] });
    platform.app.get(NotifyOnEventsHandler).onEvents('test.pet-follow-up', [FOLLOW_UP_DUE], async (_tx, events: IntegrationEvent[]) =>
      events.map((e) => {
        const p = e.payload as { memberId: string; merchantId: string; product: string; soldAt: string };
        return {
          source: e.id,
          tenantId: e.tenantId,
          merchantId: p.merchantId,
          memberId: p.memberId,
          trigger: 'test_follow_up',
          values: { product: p.product },
          at: new Date(Date.parse(p.soldAt) + 3 * DAY_MS),
        };
      }),
    );
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('holds the reminder until it is due and then texts it; an unknown trigger is refused', async () => {
    const admin: RequestContext = { tenantId, merchantId: shop.merchant.id, storeId: null, actorId: 'test-admin', roles: ['MERCHANT_ADMIN'], correlationId: 'test' };
    const commands = platform.app.get(CommandBus);
    await commands.execute(new SetNotificationTemplateCommand(admin, { trigger: 'test_follow_up', channel: 'sms', body: '【{{merchantName}}】{{product}} 用了三天，宝贝眼睛好些了吗？' }));
    await expect(commands.execute(new SetNotificationTemplateCommand(admin, { trigger: 'pet_refill', channel: 'sms', body: 'hi' }))).rejects.toMatchObject({
      code: 'NOTIFICATION_TRIGGER_UNKNOWN',
      status: 422,
    });

    const member = (await posPost(platform, shop.posKeys[0], '/members', { phone: uniquePhone() })).body as { id: string; phone: string };
    await settleOutbox(platform); // notifications learns the phone
    const soldAt = new Date();
    await platform.app.get(Db).asSystem((tx) =>
      appendToOutbox(tx, { ...admin, actorId: 'test-plugin' }, [
        { type: FOLLOW_UP_DUE, key: member.id, payload: { memberId: member.id, merchantId: shop.merchant.id, product: '妥布霉素眼膏', soldAt: soldAt.toISOString() } },
      ]),
    );
    await settleOutbox(platform);

    const sms = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).sms as RecordingChannel;
    const dispatcher = platform.app.get(NotificationDispatcher);
    const before = sms.sent.length;
    expect(await dispatcher.deliverDue(new Date(soldAt.getTime() + 3 * DAY_MS - 60_000), [shop.merchant.id])).toBe(0);
    expect(await dispatcher.deliverDue(new Date(soldAt.getTime() + 3 * DAY_MS), [shop.merchant.id])).toBe(1);
    expect(sms.sent.slice(before)).toEqual([
      expect.objectContaining({ recipient: member.phone, trigger: 'test_follow_up', body: `【${shop.merchant.name}】妥布霉素眼膏 用了三天，宝贝眼睛好些了吗？` }),
    ]);
  });
});
