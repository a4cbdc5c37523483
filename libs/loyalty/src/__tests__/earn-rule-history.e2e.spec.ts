import {
  bootTestPlatform,
  createTenant,
  gqlData,
  gqlError,
  idemKey,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { QueryBus } from '@nestjs/cqrs';
import { importHistory } from '../application/history-import/history-import';

const HISTORY = `{ merchants { id settings { earnRule { pointsPerYuan } pointsExpiryMonths } earnRuleHistory { effectiveFrom earnRule { pointsPerYuan } pointsExpiryMonths } } }`;
const CHANGE = `mutation($merchantId: UUID!, $settings: MerchantSettingsInput!, $effectiveFrom: String) {
  updateMerchantSettings(merchantId: $merchantId, settings: $settings, effectiveFrom: $effectiveFrom) { id }
}`;

/**
 * A purchase earns by the earn rule in force when it happened: a change applies from its time on,
 * purchases (and returns) of earlier times uploaded later keep the earlier rule, and a change may be
 * dated back for history still to import. Real PostgreSQL, the booted platform.
 */
describe('earn rule history (积分规则 as of the purchase time)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;

  const merchantView = async (index: number) => {
    const { merchant, adminToken } = tenant.merchants[index];
    const { merchants } = await gqlData(platform, adminToken, HISTORY);
    return merchants.find((m: { id: string }) => m.id === merchant.id);
  };

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
  });
  afterAll(() => platform.close());

  it('earns by the rule of the purchase’s own time, and lists the versions', async () => {
    const { merchant, adminToken, posKeys } = tenant.merchants[0];
    expect((await merchantView(0)).earnRuleHistory).toEqual([{ effectiveFrom: null, earnRule: { pointsPerYuan: 1 }, pointsExpiryMonths: 12 }]);

    const member = (await posPost(platform, posKeys[0], '/members', { phone: uniquePhone() })).body;
    const before = Date.now();
    await gqlData(platform, adminToken, CHANGE, { merchantId: merchant.id, settings: { earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 6 } });
    const after = Date.now();
    const view = await merchantView(0);
    expect(view.settings).toEqual({ earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 6 });
    expect(view.earnRuleHistory).toEqual([
      { effectiveFrom: null, earnRule: { pointsPerYuan: 1 }, pointsExpiryMonths: 12 },
      { effectiveFrom: expect.any(String), earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 6 },
    ]);
    const changedAt = Date.parse(view.earnRuleHistory[1].effectiveFrom);
    expect(changedAt).toBeGreaterThanOrEqual(before);
    expect(changedAt).toBeLessThanOrEqual(after);

    // A sale from an hour before the change, uploaded now (an offline till): 1 point per yuan, 12 months.
    const offlineAt = new Date(changedAt - 3_600_000);
    const offline = await posPost(platform, posKeys[0], '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 12_399, occurredAt: offlineAt.toISOString() });
    expect(offline.status).toBe(201);
    expect(offline.body.pointsEarned).toBe(123);
    const inTwelveMonths = new Date(offlineAt);
    inTwelveMonths.setUTCFullYear(inTwelveMonths.getUTCFullYear() + 1);
    expect(offline.body.expiresAt).toBe(inTwelveMonths.toISOString());

    // A sale now: 3 points per yuan, 6 months.
    const now = await posPost(platform, posKeys[0], '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 12_399 });
    expect(now.body).toMatchObject({ pointsEarned: 369, pointsBalance: 492 });
    const inSixMonths = new Date();
    inSixMonths.setUTCMonth(inSixMonths.getUTCMonth() + 6);
    expect(Math.abs(Date.parse(now.body.expiresAt) - inSixMonths.getTime())).toBeLessThan(2 * 86_400_000);

    // A return without its order, from before the change, takes back what the amount earned then.
    const returned = await posPost(platform, posKeys[0], '/returns', { memberId: member.id, amountFen: 10_000, occurredAt: new Date(changedAt - 1_800_000).toISOString() });
    expect(returned.status).toBe(201);
    expect(returned.body).toMatchObject({ pointsClawedBack: 100, pointsBalance: 392 });
  });

  it('refuses a change dated before the latest one or in the future, and records none for no change', async () => {
    const { merchant, adminToken } = tenant.merchants[0];
    const versions = (await merchantView(0)).earnRuleHistory;
    expect(versions).toHaveLength(2);

    const backdated = await gqlError(platform, adminToken, CHANGE, {
      merchantId: merchant.id,
      settings: { earnRule: { pointsPerYuan: 5 } },
      effectiveFrom: new Date(Date.parse(versions[1].effectiveFrom) - 60_000).toISOString(),
    });
    expect(backdated).toEqual({ status: 409, code: 'EARN_RULE_HISTORY_CONFLICT' });
    for (const effectiveFrom of [new Date(Date.now() + 86_400_000).toISOString(), 'yesterday']) {
      expect(await gqlError(platform, adminToken, CHANGE, { merchantId: merchant.id, settings: { earnRule: { pointsPerYuan: 5 } }, effectiveFrom })).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    }
    // The same terms again are no change.
    await gqlData(platform, adminToken, CHANGE, { merchantId: merchant.id, settings: { earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 6 } });

    const view = await merchantView(0);
    expect(view.earnRuleHistory).toEqual(versions);
    expect(view.settings).toEqual({ earnRule: { pointsPerYuan: 3 }, pointsExpiryMonths: 6 });
  });

  it('imports history by the rule in force at each invoice, a change dated back before it', async () => {
    const { merchant, adminToken, stores } = tenant.merchants[1];
    // The merchant doubled its points from 1 June 2011 (its time zone, Asia/Shanghai).
    await gqlData(platform, adminToken, CHANGE, { merchantId: merchant.id, settings: { earnRule: { pointsPerYuan: 2 } }, effectiveFrom: '2011-06-01T00:00:00+08:00' });
    const file = [
      'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country',
      'R5001,85123A,WHITE HANGING HEART,10,2011-05-31 23:59,2.55,17850,United Kingdom',
      'R5002,85123A,WHITE HANGING HEART,10,2011-06-01 00:00,2.55,17850,United Kingdom',
      'CR5003,85123A,WHITE HANGING HEART,-4,2011-06-02 10:00,2.55,17850,United Kingdom',
    ].join('\n');
    const summary = await importHistory(platform.app, { file: { bytes: Buffer.from(file) }, merchantId: merchant.id, storeId: stores[0].id });
    expect(summary).toMatchObject({ purchases: 2, returns: 1, refused: {} });

    const purchases = await systemQuery<{ order_no: string; points_earned: string }>(
      platform,
      'select order_no, points_earned from purchase where merchant_id = ? order by order_no',
      [merchant.id],
    );
    // ¥25.50 each: 25 points before the change, 50 from it on.
    expect(purchases.map((p) => [p.order_no, Number(p.points_earned)])).toEqual([
      ['R5001', 25],
      ['R5002', 50],
    ]);
    const [ret] = await systemQuery<{ points_clawed_back: string }>(platform, 'select points_clawed_back from purchase_return where merchant_id = ?', [merchant.id]);
    // ¥10.20 returned under the doubled rule: 20 points.
    expect(Number(ret.points_clawed_back)).toBe(20);
  });

  it('reads the histories of a list of merchants in one query, each merchant its own', async () => {
    const expected = await Promise.all(tenant.merchants.map((_, index) => merchantView(index)));
    const queries = jest.spyOn(platform.app.get(QueryBus), 'execute');
    try {
      // The alliance operator lists both merchants.
      const { merchants } = await gqlData(platform, tenant.operatorToken!, HISTORY);
      expect(merchants.map((m: { id: string }) => m.id).sort()).toEqual(expected.map((m) => m.id).sort());
      for (const view of expected) expect(merchants.find((m: { id: string }) => m.id === view.id).earnRuleHistory).toEqual(view.earnRuleHistory);
      expect(queries.mock.calls.filter(([query]) => query.constructor.name === 'ListEarnRuleVersionsQuery')).toHaveLength(1);
    } finally {
      queries.mockRestore();
    }
  });
});
