import { addMonthsInZone } from '@loyalty/shared';
import { createTenant, gql, idemKey, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed } from './programme-fixtures';
import { StoredValueBonusScheduler } from '../application/stored-value-bonus.scheduler';

const CONFIGURE = `mutation($input: StoredValuePlanInput!) { configureStoredValuePlan(input: $input) { merchantId spendOrder bonusTiers { minPayFen bonusFen release months } } }`;

describe('stored value (储值, end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;

  beforeAll(async () => {
    ({ platform, tenant, key } = await bootProgrammeBed(2));
    const res = await gql(platform, tenant.merchants[0].adminToken, CONFIGURE, {
      input: {
        merchantId: tenant.merchants[0].merchant.id,
        bonusTiers: [
          { minPayFen: 100_00, bonusFen: 20_00 },
          { minPayFen: 500_00, bonusFen: 150_00, release: 'MONTHLY', months: 3 },
        ],
      },
    });
    expect(res.body.errors).toBeUndefined();
    expect(res.body.data.configureStoredValuePlan.spendOrder).toBe('PRINCIPAL_FIRST');
  });
  afterAll(() => platform.close());

  async function register() {
    return (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
  }
  async function recharge(memberId: string, amountFen: number, orderNo = idemKey(), apiKey = key) {
    const res = await posPost(platform, apiKey, '/stored-value/recharges', { memberId, orderNo, amountFen });
    expect(res.status).toBe(201);
    return { ...res.body, orderNo };
  }
  const pay = (memberId: string, amountFen: number, apiKey = key) => posPost(platform, apiKey, '/stored-value/payments', { memberId, orderNo: idemKey(), amountFen });
  const balances = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}/stored-value`)).body;

  it('recharges with the bonus kept apart (pay 100 get 20), idempotently', async () => {
    const member = await register();
    const k = idemKey();
    const body = { memberId: member, orderNo: idemKey(), amountFen: 100_00 };
    const first = await posPost(platform, key, '/stored-value/recharges', body, k);
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ principalFen: 100_00, bonusFen: 20_00, bonusReleasedFen: 20_00, bonusScheduled: [], principalBalanceFen: 100_00, bonusBalanceFen: 20_00, balanceFen: 120_00 });
    const retry = await posPost(platform, key, '/stored-value/recharges', body, k);
    expect(retry.status).toBe(201);
    expect(retry.body).toEqual(first.body);
    const other = await posPost(platform, key, '/stored-value/recharges', body);
    expect(other.status).toBe(409);
    expect(other.body.code).toBe('DUPLICATE_ORDER');
    expect(await balances(member)).toMatchObject({ principalBalanceFen: 100_00, bonusBalanceFen: 20_00 });
    // Below the first tier: no bonus.
    expect((await recharge(member, 99_99)).bonusFen).toBe(0);
    // The member 360 view's stored value is the principal.
    expect((await posGet(platform, key, `/members/${member}`)).body.storedValueBalanceFen).toBe(199_99);
  });

  it('answers a balance payment sent again with its key as the first time, paying once; the key with another body is a conflict', async () => {
    const member = await register();
    await recharge(member, 100_00);
    const k = idemKey();
    const body = { memberId: member, orderNo: idemKey(), amountFen: 30_00 };
    const first = await posPost(platform, key, '/stored-value/payments', body, k);
    expect(first.status).toBe(201);
    const [again, concurrent] = await Promise.all([posPost(platform, key, '/stored-value/payments', body, k), posPost(platform, key, '/stored-value/payments', body, k)]);
    expect([again.status, again.body, concurrent.body]).toEqual([201, first.body, first.body]);
    const changed = await posPost(platform, key, '/stored-value/payments', { ...body, amountFen: 31_00 }, k);
    expect([changed.status, changed.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    expect(await balances(member)).toMatchObject({ principalBalanceFen: 70_00, bonusBalanceFen: 20_00 });
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from stored_value_payment where member_id = ?', [member]);
    expect(count).toBe(1);
  });

  it('pays principal first, and a partial refund returns each part in the payment’s proportion', async () => {
    const member = await register();
    await recharge(member, 100_00);
    const payment = await pay(member, 110_00);
    expect(payment.status).toBe(201);
    expect(payment.body).toMatchObject({ principalFen: 100_00, bonusFen: 10_00, principalBalanceFen: 0, bonusBalanceFen: 10_00 });
    const orderNo = (await systemQuery<{ order_no: string }>(platform, 'select order_no from stored_value_payment where id = ?', [payment.body.paymentId]))[0].order_no;
    const partial = await posPost(platform, key, '/stored-value/payment-refunds', { orderNo, amountFen: 55_00 });
    expect(partial.status).toBe(201);
    expect(partial.body).toMatchObject({ refundedFen: 55_00, principalFen: 50_00, bonusFen: 5_00, principalBalanceFen: 50_00, bonusBalanceFen: 15_00 });
    const tooMuch = await posPost(platform, key, '/stored-value/payment-refunds', { orderNo, amountFen: 55_01 });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body.code).toBe('REFUND_EXCEEDS_PAYMENT');
    const rest = await posPost(platform, key, '/stored-value/payment-refunds', { orderNo });
    expect(rest.body).toMatchObject({ refundedFen: 55_00, principalFen: 50_00, bonusFen: 5_00, principalBalanceFen: 100_00, bonusBalanceFen: 20_00 });
    // Every movement is an event with amounts and balances (transaction alerts).
    const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, `select payload from outbox_event where key = ? and type = 'stored_value.changed.v1' order by created_at, id`, [member]);
    expect(events.map((e) => e.payload)).toEqual([
      expect.objectContaining({ kind: 'recharge', principalDeltaFen: 100_00, bonusDeltaFen: 20_00, principalBalanceAfter: 100_00, bonusBalanceAfter: 20_00 }),
      expect.objectContaining({ kind: 'payment', principalDeltaFen: -100_00, bonusDeltaFen: -10_00, principalBalanceAfter: 0, bonusBalanceAfter: 10_00 }),
      expect.objectContaining({ kind: 'payment_refund', principalDeltaFen: 50_00, bonusDeltaFen: 5_00 }),
      expect.objectContaining({ kind: 'payment_refund', principalDeltaFen: 50_00, bonusDeltaFen: 5_00, principalBalanceAfter: 100_00, bonusBalanceAfter: 20_00 }),
    ]);
    expect((await posPost(platform, key, '/stored-value/payment-refunds', { orderNo })).body.code).toBe('ORDER_ALREADY_REFUNDED');
    expect((await pay(member, 120_01)).body.code).toBe('INSUFFICIENT_BALANCE');
  });

  it('refunds a recharge in part: principal back, the bonus forfeited in proportion, the rest only while the member holds it', async () => {
    const member = await register();
    const { orderNo } = await recharge(member, 100_00);
    expect((await pay(member, 30_00)).body).toMatchObject({ principalFen: 30_00, bonusFen: 0 });
    const half = await posPost(platform, key, '/stored-value/recharge-refunds', { orderNo, amountFen: 50_00 });
    expect(half.status).toBe(201);
    expect(half.body).toMatchObject({ principalRefundedFen: 50_00, cashBackFen: 50_00, bonusForfeitedFen: 10_00, principalBalanceFen: 20_00, bonusBalanceFen: 10_00 });
    // 50.00 more would be principal the member has spent.
    const spent = await posPost(platform, key, '/stored-value/recharge-refunds', { orderNo });
    expect(spent.status).toBe(422);
    expect(spent.body.code).toBe('INSUFFICIENT_BALANCE');
    const rest = await posPost(platform, key, '/stored-value/recharge-refunds', { orderNo, amountFen: 20_00 });
    expect(rest.body).toMatchObject({ principalRefundedFen: 20_00, cashBackFen: 20_00, bonusForfeitedFen: 4_00, principalBalanceFen: 0, bonusBalanceFen: 6_00 });
    const [row] = await systemQuery<{ refunded_principal_fen: number; bonus_forfeited_fen: number }>(platform, 'select refunded_principal_fen, bonus_forfeited_fen from stored_value_recharge where order_no = ?', [orderNo]);
    expect(row).toEqual({ refunded_principal_fen: 70_00, bonus_forfeited_fen: 14_00 });
  });

  it('keeps bonus already spent back from the money returned when a recharge is refunded', async () => {
    const otherKey = tenant.merchants[1].posKeys[0];
    const res = await gql(platform, tenant.merchants[1].adminToken, CONFIGURE, {
      input: { merchantId: tenant.merchants[1].merchant.id, spendOrder: 'BONUS_FIRST', bonusTiers: [{ minPayFen: 100_00, bonusFen: 20_00 }] },
    });
    expect(res.body.errors).toBeUndefined();
    const member = await register();
    const { orderNo } = await recharge(member, 100_00, idemKey(), otherKey);
    expect((await pay(member, 20_00, otherKey)).body).toMatchObject({ principalFen: 0, bonusFen: 20_00 });
    const refund = await posPost(platform, otherKey, '/stored-value/recharge-refunds', { orderNo });
    expect(refund.body).toMatchObject({ principalRefundedFen: 100_00, cashBackFen: 80_00, bonusForfeitedFen: 20_00, principalBalanceFen: 0, bonusBalanceFen: 0 });
  });

  it('releases a monthly bonus part by part, and cancels the parts not yet released when the recharge is refunded', async () => {
    const member = await register();
    const made = await recharge(member, 500_00);
    expect(made).toMatchObject({ bonusFen: 150_00, bonusReleasedFen: 50_00, bonusBalanceFen: 50_00 });
    expect(made.bonusScheduled.map((s: { amountFen: number }) => s.amountFen)).toEqual([50_00, 50_00]);
    const firstDue = new Date(made.bonusScheduled[0].dueAt);
    expect(firstDue.toISOString()).toBe(addMonthsInZone(new Date(made.bonusScheduled[1].dueAt), -1, 'Asia/Shanghai').toISOString());
    // Another tenant's member with the same plan, recharged at the same time.
    const [elsewhere] = (await createTenant(platform.app, { merchants: 1 })).merchants;
    const plan = { merchantId: elsewhere.merchant.id, bonusTiers: [{ minPayFen: 500_00, bonusFen: 150_00, release: 'MONTHLY', months: 3 }] };
    expect((await gql(platform, elsewhere.adminToken, CONFIGURE, { input: plan })).body.errors).toBeUndefined();
    const outsider = (await posPost(platform, elsewhere.posKeys[0], '/members', { phone: uniquePhone() })).body.id as string;
    const outsiderRecharge = await posPost(platform, elsewhere.posKeys[0], '/stored-value/recharges', { memberId: outsider, orderNo: idemKey(), amountFen: 500_00 });
    expect(outsiderRecharge.status).toBe(201);
    const releaser = platform.app.get(StoredValueBonusScheduler);
    await releaser.runForTenants(new Date(firstDue.getTime() - 1_000), [tenant.tenantId]);
    expect((await balances(member)).bonusBalanceFen).toBe(50_00);
    await releaser.runForTenants(firstDue, [tenant.tenantId]);
    expect((await balances(member)).bonusBalanceFen).toBe(100_00);
    expect((await balances(member)).bonusScheduled).toHaveLength(1);
    // A pass confined to this tenant leaves the other tenant's part due as it was, though it is as due.
    const outsiderDue = new Date(outsiderRecharge.body.bonusScheduled[0].dueAt);
    await releaser.runForTenants(outsiderDue, [tenant.tenantId]);
    const outsiderBalances = async () => (await posGet(platform, elsewhere.posKeys[0], `/members/${outsider}/stored-value`)).body;
    expect(await outsiderBalances()).toMatchObject({ bonusBalanceFen: 50_00, bonusScheduled: [{ amountFen: 50_00 }, { amountFen: 50_00 }] });
    await releaser.runForTenants(outsiderDue, [elsewhere.merchant.tenantId]);
    expect((await outsiderBalances()).bonusBalanceFen).toBe(100_00);

    const another = await register();
    const second = await recharge(another, 500_00);
    const refund = await posPost(platform, key, '/stored-value/recharge-refunds', { orderNo: second.orderNo });
    expect(refund.body).toMatchObject({ cashBackFen: 500_00, bonusForfeitedFen: 150_00, principalBalanceFen: 0, bonusBalanceFen: 0 });
    await releaser.runForTenants(new Date(second.bonusScheduled[1].dueAt), [tenant.tenantId]);
    expect(await balances(another)).toMatchObject({ principalBalanceFen: 0, bonusBalanceFen: 0, bonusScheduled: [] });
  });

  it('lets exactly as many concurrent balance payments through as the balance covers', async () => {
    const member = await register();
    await recharge(member, 99_99);
    const results = await Promise.all(Array.from({ length: 10 }, () => pay(member, 30_00)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(3);
    expect(results.filter((r) => r.status === 422).every((r) => r.body.code === 'INSUFFICIENT_BALANCE')).toBe(true);
    expect(results.filter((r) => r.status === 422)).toHaveLength(7);
    expect((await balances(member)).balanceFen).toBe(9_99);
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from stored_value_payment where member_id = ?', [member]);
    expect(count).toBe(3);
  });

  it('rejects bad plans with a code and a 4xx, changing nothing', async () => {
    const merchantId = tenant.merchants[0].merchant.id;
    const before = await systemQuery(platform, 'select bonus_tiers from stored_value_plan where merchant_id = ?', [merchantId]);
    const decreasing = await gql(platform, tenant.merchants[0].adminToken, CONFIGURE, {
      input: { merchantId, bonusTiers: [{ minPayFen: 100_00, bonusFen: 20_00 }, { minPayFen: 200_00, bonusFen: 10_00 }] },
    });
    expect(decreasing.status).toBe(422);
    expect(decreasing.body.errors[0].extensions.code).toBe('BONUS_TIERS_DECREASING');
    const negative = await gql(platform, tenant.merchants[0].adminToken, CONFIGURE, { input: { merchantId, bonusTiers: [{ minPayFen: 100_00, bonusFen: -1 }] } });
    expect(negative.status).toBe(400);
    expect(negative.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    expect(await systemQuery(platform, 'select bonus_tiers from stored_value_plan where merchant_id = ?', [merchantId])).toEqual(before);
    // Bad POS input: 4xx with a code, never a 500.
    const member = await register();
    for (const body of [{ memberId: member, orderNo: 'x', amountFen: 0 }, { memberId: member, orderNo: 'x', amountFen: 1.5 }, { orderNo: 'x', amountFen: 100 }]) {
      const res = await posPost(platform, key, '/stored-value/recharges', body);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
    }
    expect((await posPost(platform, key, '/stored-value/payments', { memberId: member, orderNo: 'x', amountFen: 100 }, '')).body.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await posPost(platform, key, '/stored-value/payment-refunds', { orderNo: 'no-such-order' })).body.code).toBe('ORDER_NOT_FOUND');
  });
});
