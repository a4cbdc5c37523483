import { EXAMPLE_LEVEL_SCHEME } from '@loyalty/programme';
import { addMonthsInZone, localDateOf } from '@loyalty/shared';
import {
  bootTestPlatform,
  createTenant,
  gqlData,
  type MerchantFixture,
  posPost,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { BirthdayCareReminder } from '../application/birthday-care.reminder';
import { NOTIFICATION_CHANNELS, type NotificationChannels, type RecordingChannel } from '../application/channels/notification-channel';
import { NotificationDispatcher } from '../application/notification-dispatcher';

const ZONE = 'Asia/Shanghai';
const local = (date: string, time: string) => new Date(`${date}T${time}+08:00`);

/**
 * Stored-value alerts, level-change notices and birthday care end to end: POS write or staff
 * action → the programme's events through the outbox → message by the merchant's template → the
 * SMS double.
 */
describe('stored-value alerts, level changes and birthday care (end to end)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  let sms: RecordingChannel;
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const TEMPLATE = `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { id } }`;
  const SCHEME = `mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }`;
  const scheme = (merchantId?: string) => ({
    ...EXAMPLE_LEVEL_SCHEME,
    merchantId,
    levels: EXAMPLE_LEVEL_SCHEME.levels.map((l) => ({ ...l, conditions: l.conditions.map((all) => ({ all })) })),
  });
  const register = async (merchant: MerchantFixture, profile: Record<string, string> = {}) => {
    const res = await posPost(platform, merchant.posKeys[0], '/members', { phone: uniquePhone(), ...profile });
    expect(res.status).toBe(201);
    await settleOutbox(platform); // notifications learns the member before anything else happens to them
    return res.body as { id: string; phone: string };
  };
  /** The texts sent to a member by a trigger, delivering what is due first. */
  const textsTo = async (memberId: string, trigger: string, at?: Date) => {
    await settleOutbox(platform);
    await platform.app.get(NotificationDispatcher).deliverDue(at ?? new Date(), [a.merchant.id, b.merchant.id]);
    return sms.sent.filter((m) => m.memberId === memberId && m.trigger === trigger).map((m) => m.body);
  };

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    [a, b] = tenant.merchants;
    sms = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).sms as RecordingChannel;
    await settleOutbox(platform);
    await call(a.adminToken, `mutation($input: StoredValuePlanInput!) { configureStoredValuePlan(input: $input) { merchantId } }`, {
      input: { merchantId: a.merchant.id, bonusTiers: [{ minPayFen: 100_00, bonusFen: 20_00 }] },
    });
    const templates: [MerchantFixture, string, string][] = [
      [a, 'stored_value_recharge', '【{{merchantName}}】充值 {{amountYuan}} 元，赠送 {{bonusYuan}} 元，储值余额 {{balanceYuan}} 元（{{orderNo}}）'],
      [a, 'stored_value_payment', '【{{merchantName}}】余额支付 {{amountYuan}} 元，储值余额 {{balanceYuan}} 元'],
      [a, 'level_change', '【{{merchantName}}】会员等级{{change}}为{{toLevel}}（原{{fromLevel}}），有效期至 {{validUntil}}'],
      [b, 'level_change', '【{{merchantName}}】您的等级已{{change}}为{{toLevel}}'],
      [a, 'birthday', '【{{merchantName}}】{{name}}，生日快乐！'],
    ];
    for (const [merchant, trigger, body] of templates) await call(merchant.adminToken, TEMPLATE, { input: { trigger, channel: 'sms', body } });
  });
  afterAll(() => platform?.close());

  it('texts the amount and the balance after each recharge and balance payment, and nothing for a refund', async () => {
    const member = await register(a);
    const recharge = await posPost(platform, a.posKeys[0], '/stored-value/recharges', { memberId: member.id, orderNo: `C-${++order}`, amountFen: 100_00 });
    expect(recharge.status).toBe(201);
    expect(await textsTo(member.id, 'stored_value_recharge')).toEqual([`【${a.merchant.name}】充值 100.00 元，赠送 20.00 元，储值余额 120.00 元（C-${order}）`]);
    expect((await posPost(platform, a.posKeys[0], '/stored-value/payments', { memberId: member.id, orderNo: `P-${++order}`, amountFen: 30_50 })).status).toBe(201);
    expect(await textsTo(member.id, 'stored_value_payment')).toEqual([`【${a.merchant.name}】余额支付 30.50 元，储值余额 89.50 元`]);
    expect((await posPost(platform, a.posKeys[0], '/stored-value/payment-refunds', { memberId: member.id, orderNo: `P-${order}`, amountFen: 10_00 })).status).toBe(201);
    await textsTo(member.id, 'stored_value_payment');
    const messages = await systemQuery<{ trigger: string }>(platform, 'select trigger from notifications.message where member_id = ? order by created_at', [member.id]);
    expect(messages.map((m) => m.trigger)).toEqual(['stored_value_recharge', 'stored_value_payment']);
  });

  it("tells the member of a level raised by a purchase or changed by staff", async () => {
    await call(a.adminToken, SCHEME, { i: scheme(a.merchant.id) });
    const member = await register(a);
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo: `L-${++order}`, amountFen: 250_00 })).status).toBe(201);
    const validUntil = localDateOf(addMonthsInZone(new Date(), 12, ZONE), ZONE);
    // The entry level was never held as such: nothing to name before it.
    expect(await textsTo(member.id, 'level_change')).toEqual([`【${a.merchant.name}】会员等级升级为银卡（原），有效期至 ${validUntil}`]);
    await call(a.adminToken, `mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "GOLD", reason: "店长批准") { levelCode } }`, { m: member.id });
    expect((await textsTo(member.id, 'level_change')).at(-1)).toMatch(new RegExp(`^【${a.merchant.name}】会员等级调整为金卡（原银卡）`));
  });

  it("speaks for the alliance's level scheme as the merchant the member registered at", async () => {
    await call(tenant.operatorToken!, SCHEME, { i: scheme() });
    const member = await register(b);
    // Bought at B, which has no scheme of its own: the alliance's raises the member.
    expect((await posPost(platform, b.posKeys[0], '/purchases', { memberId: member.id, orderNo: `L-${++order}`, amountFen: 300_00 })).status).toBe(201);
    expect(await textsTo(member.id, 'level_change')).toEqual([`【${b.merchant.name}】您的等级已升级为银卡`]);
  });

  it('greets members on their birthday from the merchant they registered at, once a year, from 9 in the morning local time', async () => {
    const reminder = platform.app.get(BirthdayCareReminder);
    const today = localDateOf(new Date(), ZONE);
    const tomorrow = localDateOf(new Date(Date.now() + 86_400_000), ZONE);
    // Born in 2000, a leap year, so any day of today's calendar is a valid birthday.
    const born = await register(a, { name: '张三', birthday: `2000-${today.slice(5)}` });
    const notYet = await register(a, { name: '李四', birthday: `2000-${tomorrow.slice(5)}` });
    const atB = await register(b, { birthday: `2000-${today.slice(5)}` });
    await settleOutbox(platform);

    expect(await reminder.greet(local(today, '08:59:00'), [a.merchant.id])).toBe(0);
    expect(await reminder.greet(local(today, '09:00:00'), [a.merchant.id, b.merchant.id])).toBe(1);
    expect(await reminder.greet(local(today, '15:00:00'), [a.merchant.id])).toBe(0);
    const at = local(today, '15:00:00');
    expect(await textsTo(born.id, 'birthday', at)).toEqual([`【${a.merchant.name}】张三，生日快乐！`]);
    expect(await textsTo(notYet.id, 'birthday', at)).toEqual([]);
    // B has no birthday template: its member is not greeted.
    expect(await textsTo(atB.id, 'birthday', at)).toEqual([]);
    expect(await reminder.greet(local(tomorrow, '09:30:00'), [a.merchant.id])).toBe(1);
    const sources = await systemQuery<{ source: string }>(platform, `select source from notifications.message where member_id = ? and trigger = 'birthday'`, [notYet.id]);
    expect(sources).toEqual([{ source: `birthday:${a.merchant.id}:${notYet.id}:${tomorrow.slice(0, 4)}` }]);
  });

  it('keeps a 29 February birthday on 28 February in other years', async () => {
    const reminder = platform.app.get(BirthdayCareReminder);
    const leapling = await register(a, { birthday: '2000-02-29' });
    await settleOutbox(platform);
    const greetedOn = async (day: string) => {
      await reminder.greet(local(day, '10:00:00'), [a.merchant.id]);
      return (await systemQuery(platform, `select 1 from notifications.message where member_id = ? and trigger = 'birthday' and source like ?`, [leapling.id, `%:${day.slice(0, 4)}`])).length;
    };
    expect(await greetedOn('2027-02-28')).toBe(1);
    expect(await greetedOn('2028-02-28')).toBe(0);
    expect(await greetedOn('2028-02-29')).toBe(1);
  });
});
