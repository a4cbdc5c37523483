import {
  bootTestPlatform,
  createTenant,
  gqlData,
  gqlError,
  idemKey,
  type MerchantFixture,
  posGet,
  posPost,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { NOTIFICATION_CHANNELS, type NotificationChannels, type RecordingChannel } from '../application/channels/notification-channel';
import { NotificationDispatcher } from '../application/notification-dispatcher';

const at = (local: string) => `2026-05-10T${local}+08:00`;

/**
 * 异常监控 that acts: high frequency at one store (the till), and a rule set to hold that stops the
 * member's redemptions at the merchant until staff release them — across the two services, by
 * anomaly.detected.v1 through the outboxes.
 */
describe('anomaly holds and high frequency per store (end to end)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  let order = 0;

  const call = (token: string, query: string, variables?: Record<string, unknown>) => gqlData(platform, token, query, variables);
  const register = async () => {
    const id = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body.id as string;
    await settleOutbox(platform);
    return id;
  };
  const buy = async (memberId: string, amountFen: number, occurredAt?: string, store = 0) =>
    expect((await posPost(platform, a.posKeys[store], '/purchases', { memberId, orderNo: `H-${++order}`, amountFen, occurredAt })).status).toBe(201);
  const redeem = (merchant: MerchantFixture, memberId: string, points: number, key = idemKey()) =>
    posPost(platform, merchant.posKeys[0], '/redemptions', { memberId, points, orderNo: `HR-${key}` }, key);
  const HOLDS = `query($m: UUID, $open: Boolean) { redemptionHolds(memberId: $m, open: $open) { id merchantId rule detail releasedAt releasedBy releaseReason } }`;
  const RELEASE = `mutation($m: UUID!, $reason: String!) { releaseRedemptionHolds(memberId: $m, reason: $reason) { id releasedBy releaseReason releasedAt } }`;

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    [a, b] = tenant.merchants;
    await settleOutbox(platform);
    await call(a.adminToken, `mutation($input: NotificationSettingsInput!) { setNotificationSettings(input: $input) { staffEmail } }`, { input: { staffEmail: 'risk@a.example.cn' } });
    await call(a.adminToken, `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { id } }`, {
      input: { trigger: 'anomaly', channel: 'email', body: '{{rule}} {{detail}} {{held}}' },
    });
    const rules = await call(
      a.adminToken,
      `mutation($input: AnomalyRulesInput!) { setAnomalyRules(input: $input) { largeAmountFen storeFrequencyCount storeFrequencyWindowMinutes holdRedemptionsOn } }`,
      { input: { largeAmountFen: 1000_00, storeFrequencyCount: 3, storeFrequencyWindowMinutes: 10, holdRedemptionsOn: ['LARGE_AMOUNT'] } },
    );
    expect(rules.setAnomalyRules).toEqual({ largeAmountFen: 1000_00, storeFrequencyCount: 3, storeFrequencyWindowMinutes: 10, holdRedemptionsOn: ['LARGE_AMOUNT'] });
    const RULES = `mutation($input: AnomalyRulesInput!) { setAnomalyRules(input: $input) { storeFrequencyCount } }`;
    expect(await gqlError(platform, a.adminToken, RULES, { input: { storeFrequencyCount: 3 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, a.adminToken, RULES, { input: { storeFrequencyCount: 1, storeFrequencyWindowMinutes: 10 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    // Refused settings changed nothing.
    expect((await call(a.adminToken, `{ anomalyRules { storeFrequencyCount holdRedemptionsOn } }`)).anomalyRules).toEqual({ storeFrequencyCount: 3, holdRedemptionsOn: ['LARGE_AMOUNT'] });
  });
  afterAll(() => platform?.close());

  it('fires high frequency at one store whoever the members, at its edge and not past it, without holding anyone', async () => {
    const [x, y, z, w] = [await register(), await register(), await register(), await register()];
    await buy(x, 10_00, at('10:00:00'));
    await buy(y, 10_00, at('10:05:00'));
    await buy(w, 10_00, at('10:06:00'), 1); // the other store: its own till
    await buy(z, 10_00, at('10:09:59')); // third at the store within ten minutes
    await buy(x, 10_00, at('10:15:00')); // 10:05 and 10:09:59 only: 10:00 is over ten minutes before
    await settleOutbox(platform);
    const hits = (await call(a.adminToken, `{ anomalies(limit: 20) { memberId storeId rule detail held } }`)).anomalies;
    expect(hits).toEqual([{ memberId: z, storeId: a.stores[0].id, rule: 'STORE_HIGH_FREQUENCY', detail: '门店 10 分钟内消费 3 笔', held: false }]);
    await settleOutbox(platform);
    expect((await redeem(a, z, 5)).status).toBe(201);
  });

  it("holds the member's redemptions at the merchant when a holding rule fires, refuses them with nothing changed, and takes them again once staff release the hold", async () => {
    const member = await register();
    await buy(member, 1200_00);
    await settleOutbox(platform); // notifications records the anomaly and publishes it
    await settleOutbox(platform); // the members service holds
    const balance = async () => (await posGet(platform, a.posKeys[0], `/members/${member}`)).body.pointsBalance as number;
    expect(await balance()).toBe(1200);

    const key = idemKey();
    const refused = await redeem(a, member, 100, key);
    expect(refused.status).toBe(409);
    expect(refused.body).toMatchObject({ code: 'REDEMPTIONS_HELD', details: { rule: 'LARGE_AMOUNT' } });
    expect(await balance()).toBe(1200);
    const redeemed = await systemQuery(platform, `select 1 from ledger_transfer where member_id = ? and kind = 'REDEEM'`, [member]);
    expect(redeemed).toHaveLength(0);
    // Held at A only: at B, another merchant of the alliance, the member redeems.
    expect((await redeem(b, member, 10)).status).toBe(201);

    const [hold] = (await call(a.adminToken, HOLDS, { m: member, open: true })).redemptionHolds;
    expect(hold).toMatchObject({ merchantId: a.merchant.id, rule: 'LARGE_AMOUNT', detail: '消费 1200.00 元 ≥ 1000.00 元', releasedAt: null });
    expect((await call(b.adminToken, HOLDS, { m: member })).redemptionHolds).toEqual([]);
    const [anomaly] = (await call(a.adminToken, `query($m: UUID) { anomalies(memberId: $m) { id held } }`, { m: member })).anomalies;
    expect(anomaly).toEqual({ id: hold.id, held: true });
    const email = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).email as RecordingChannel;
    await platform.app.get(NotificationDispatcher).deliverDue(new Date(), [a.merchant.id]);
    expect(email.sent.find((m) => m.memberId === member)?.body).toBe('LARGE_AMOUNT 消费 1200.00 元 ≥ 1000.00 元 该会员在本商户的兑换已冻结，待审核后解除');

    // A checkout that pays with points is a redemption too.
    await call(a.adminToken, `mutation($i: CheckoutPolicyInput!) { configureCheckoutPolicy(input: $i) { merchantId } }`, {
      i: { merchantId: a.merchant.id, pointsPerYuan: 100, maxPointsSharePermille: 100 },
    });
    const quote = await posPost(platform, a.posKeys[0], '/quotes', { memberId: member, lines: [{ sku: 'FOOD', quantity: 1, amountFen: 50_00 }], points: 100, useStoredValue: false });
    expect(quote.status).toBe(201);
    const checkout = { quoteId: quote.body.quoteId, orderNo: `HC-${++order}` };
    const checkoutKey = idemKey();
    expect((await posPost(platform, a.posKeys[0], '/checkouts', checkout, checkoutKey)).body).toMatchObject({ code: 'REDEMPTIONS_HELD' });

    expect(await gqlError(platform, a.clerkToken, RELEASE, { m: member, reason: '已核实' })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await gqlError(platform, a.adminToken, RELEASE, { m: member, reason: '核'.repeat(501) })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, a.adminToken, RELEASE, { m: member, reason: '  ' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, b.adminToken, RELEASE, { m: member, reason: '已核实' })).toEqual({ status: 404, code: 'REDEMPTION_HOLD_NOT_FOUND' });
    const [released] = (await call(a.adminToken, RELEASE, { m: member, reason: '已电话核实本人消费' })).releaseRedemptionHolds;
    expect(released).toMatchObject({ id: hold.id, releaseReason: '已电话核实本人消费', releasedBy: expect.any(String) });
    expect(released.releasedAt).not.toBeNull();
    expect(await gqlError(platform, a.adminToken, RELEASE, { m: member, reason: '再次' })).toEqual({ status: 404, code: 'REDEMPTION_HOLD_NOT_FOUND' });
    expect((await call(a.adminToken, HOLDS, { m: member, open: true })).redemptionHolds).toEqual([]);

    // The refused writes stored nothing: the same keys now go through.
    const accepted = await redeem(a, member, 100, key);
    expect(accepted.status).toBe(201);
    expect(accepted.body.pointsBalance).toBe(1200 - 10 - 100);
    const checkedOut = await posPost(platform, a.posKeys[0], '/checkouts', checkout, checkoutKey);
    expect(checkedOut.status).toBe(201);
    expect(checkedOut.body.pointsUsed).toBe(100);
  });
});
