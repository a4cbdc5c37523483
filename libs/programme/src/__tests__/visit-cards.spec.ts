import { gql, idemKey, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed } from './programme-fixtures';

const CREATE = `mutation($i: VisitCardProductInput!) { createVisitCardProduct(input: $i) { id uses } }`;

describe('visit cards (次卡, 月卡; end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let merchantId: string;

  beforeAll(async () => {
    ({ platform, tenant, key, merchantId } = await bootProgrammeBed(2));
  });
  afterAll(() => platform.close());

  async function product(input: Record<string, unknown>) {
    const res = await gql(platform, tenant.merchants[0].adminToken, CREATE, { i: { merchantId, ...input } });
    expect(res.body.errors).toBeUndefined();
    return res.body.data.createVisitCardProduct.id as string;
  }
  const register = async () => (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
  const sell = (memberId: string, productId: string, extra: Record<string, unknown> = {}) => posPost(platform, key, '/visit-cards', { memberId, productId, orderNo: idemKey(), ...extra });
  const use = (cardId: string, uses = 1, apiKey = key) => posPost(platform, apiKey, '/visit-cards/uses', { cardId, uses });

  it('sells a 10-use card and counts uses down to zero, never below', async () => {
    const wash = await product({ name: '洗澡 10 次卡', service: '宠物洗澡', uses: 10, priceFen: 300_00, validDays: 365 });
    const member = await register();
    const sold = await sell(member, wash);
    expect(sold.status).toBe(201);
    expect(sold.body).toMatchObject({ service: '宠物洗澡', usesTotal: 10, usesLeft: 10, priceFen: 300_00, storedValuePaidFen: 0, cashDueFen: 300_00 });
    const cardId = sold.body.cardId;
    expect((await use(cardId, 8)).body.usesLeft).toBe(2);
    // Another store of the merchant honours it; another merchant does not know it.
    expect((await use(cardId, 1, tenant.merchants[0].posKeys[1])).body.usesLeft).toBe(1);
    expect((await use(cardId, 1, tenant.merchants[1].posKeys[0])).body.code).toBe('VISIT_CARD_NOT_FOUND');
    const tooMany = await use(cardId, 2);
    expect(tooMany.status).toBe(422);
    expect(tooMany.body).toMatchObject({ code: 'VISIT_CARD_USED_UP', details: { usesLeft: 1 } });
    expect((await use(cardId)).body.usesLeft).toBe(0);
    expect((await posGet(platform, key, `/members/${member}/visit-cards`)).body.total).toBe(0);
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from visit_card_use where card_id = ?', [cardId]);
    expect(count).toBe(3);
  });

  it('answers a use sent again with its key as the first time, counting it once', async () => {
    const five = await product({ name: '5 次卡', service: '美甲', uses: 5, priceFen: 200_00, validDays: 90 });
    const cardId = (await sell(await register(), five)).body.cardId;
    const k = idemKey();
    const first = await posPost(platform, key, '/visit-cards/uses', { cardId, uses: 2 }, k);
    expect([first.status, first.body.usesLeft]).toEqual([201, 3]);
    const [again, concurrent] = await Promise.all([posPost(platform, key, '/visit-cards/uses', { cardId, uses: 2 }, k), posPost(platform, key, '/visit-cards/uses', { cardId, uses: 2 }, k)]);
    expect([again.status, again.body, concurrent.body]).toEqual([201, first.body, first.body]);
    const changed = await posPost(platform, key, '/visit-cards/uses', { cardId, uses: 1 }, k);
    expect([changed.status, changed.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
    expect((await use(cardId)).body.usesLeft).toBe(2);
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from visit_card_use where card_id = ?', [cardId]);
    expect(count).toBe(2);
  });

  it('lets one of many concurrent uses of the last visit win', async () => {
    const once = await product({ name: '单次', service: '美容', uses: 1, priceFen: 50_00, validDays: 30 });
    const cardId = (await sell(await register(), once)).body.cardId;
    const results = await Promise.all(Array.from({ length: 6 }, () => use(cardId)));
    expect(results.filter((r) => r.status === 201)).toHaveLength(1);
    expect(results.filter((r) => r.body.code === 'VISIT_CARD_USED_UP')).toHaveLength(5);
  });

  it('sells a monthly card paid from stored value, usable without limit until it expires', async () => {
    const monthly = await product({ name: '月卡', service: '自助洗车', priceFen: 99_00, validDays: 30 });
    const member = await register();
    expect((await sell(member, monthly, { payWithStoredValue: true })).body.code).toBe('INSUFFICIENT_BALANCE');
    expect((await posPost(platform, key, '/stored-value/recharges', { memberId: member, orderNo: idemKey(), amountFen: 100_00 })).status).toBe(201);
    const sold = await sell(member, monthly, { payWithStoredValue: true });
    expect(sold.body).toMatchObject({ usesTotal: null, usesLeft: null, storedValuePaidFen: 99_00, cashDueFen: 0 });
    expect((await posGet(platform, key, `/members/${member}/stored-value`)).body.principalBalanceFen).toBe(1_00);
    for (let i = 0; i < 3; i++) expect((await use(sold.body.cardId)).status).toBe(201);
    await systemQuery(platform, `update visit_card set expires_at = now() - interval '1 second' where id = ?`, [sold.body.cardId]);
    expect((await use(sold.body.cardId)).body.code).toBe('VISIT_CARD_EXPIRED');
  });

  it('rejects bad products with a code', async () => {
    const res = await gql(platform, tenant.merchants[0].adminToken, CREATE, { i: { merchantId, name: 'x', service: 'y', uses: 0, priceFen: 1, validDays: 1 } });
    expect(res.body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
    const other = await gql(platform, tenant.merchants[1].adminToken, CREATE, { i: { merchantId, name: 'x', service: 'y', priceFen: 1, validDays: 1 } });
    expect(other.body.errors[0].extensions.code).toBe('FORBIDDEN');
  });
});
