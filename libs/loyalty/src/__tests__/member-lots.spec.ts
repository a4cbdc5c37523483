import { bootTestPlatform, createTenant, gqlData, gqlError, posPost, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';

const LOTS = `query($id: UUID!, $offset: Int, $limit: Int) { memberLots(memberId: $id, offset: $offset, limit: $limit) { total items { amount remaining expiresAt expired issuerMerchantId } } }`;

/** A member's open points lots with their expiry, as the console's member page lists them. */
describe('memberLots', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let memberId: string;

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    const [a, b] = tenant.merchants;
    memberId = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    // Points expire 12 months after the purchase: the oldest earning expires first.
    const now = Date.now();
    for (const [orderNo, days, amountFen, key] of [
      ['LOT-1', 400, 100_00, a.posKeys[0]],
      ['LOT-2', 200, 50_00, b.posKeys[0]],
      ['LOT-3', 10, 30_00, a.posKeys[0]],
    ] as const) {
      expect((await posPost(platform, key, '/purchases', { memberId, orderNo, amountFen, occurredAt: new Date(now - days * 86_400_000).toISOString() })).status).toBe(201);
    }
    // Spending takes the earliest-expiring spendable lot first.
    expect((await posPost(platform, a.posKeys[0], '/redemptions', { memberId, points: 40, orderNo: 'LOT-R' })).status).toBe(201);
  });
  afterAll(() => platform?.close());

  it('lists open lots earliest expiry first, with what is left of each after spending', async () => {
    const { memberLots } = await gqlData(platform, tenant.merchants[0].adminToken, LOTS, { id: memberId });
    const [a, b] = tenant.merchants.map((m) => m.merchant.id);
    // The 400-day-old earning expired before the redemption (swept then), so the 40 came from the 200-day-old lot.
    expect(memberLots.total).toBe(2);
    expect(memberLots.items.map((l: { amount: number; remaining: number; issuerMerchantId: string; expired: boolean }) => [l.amount, l.remaining, l.issuerMerchantId, l.expired])).toEqual([
      [50, 10, b, false],
      [30, 30, a, false],
    ]);
    const [first, second] = memberLots.items as { expiresAt: string }[];
    expect(new Date(first.expiresAt).getTime()).toBeLessThan(new Date(second.expiresAt).getTime());
    // The total of the open lots is the balance.
    const { member } = await gqlData(platform, tenant.merchants[1].adminToken, `query($id: UUID!) { member(id: $id) { pointsBalance } }`, { id: memberId });
    expect(member.pointsBalance).toBe(40);
    const paged = await gqlData(platform, tenant.operatorToken!, LOTS, { id: memberId, offset: 1, limit: 1 });
    expect(paged.memberLots).toMatchObject({ total: 2, items: [{ amount: 30 }] });
  });

  it('follows who may see the member, and checks the page', async () => {
    expect((await gqlData(platform, tenant.merchants[0].clerkToken, LOTS, { id: memberId })).memberLots.total).toBe(2);
    // The other merchant's clerk does not see a member registered elsewhere.
    expect(await gqlError(platform, tenant.merchants[1].clerkToken, LOTS, { id: memberId })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    const stranger = await createTenant(platform.app, { merchants: 1 });
    expect(await gqlError(platform, stranger.merchants[0].adminToken, LOTS, { id: memberId })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    expect(await gqlError(platform, tenant.merchants[0].adminToken, LOTS, { id: memberId, limit: 500 })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
  });
});
