import { addMonthsInZone } from '@loyalty/shared';
import { gql, idemKey, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { bootProgrammeBed, configureExampleLevels, ok } from './programme-fixtures';

const CREATE = `mutation($i: CardTypeInput!) { createCardType(input: $i) { id kind } }`;

describe('member cards (会员卡; end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  let admin: string;
  let merchantId: string;
  const types: Record<string, string> = {};

  beforeAll(async () => {
    ({ platform, tenant, key, admin, merchantId } = await bootProgrammeBed(1));
    await configureExampleLevels(platform, admin, merchantId);
    for (const [name, input] of Object.entries({
      free: { kind: 'FREE' },
      monthly: { kind: 'PAID', priceFen: 30_00, periodMonths: 1 },
      level: { kind: 'LEVEL' },
      internal: { kind: 'INTERNAL' },
    })) {
      types[name] = (ok(await gql(platform, admin, CREATE, { i: { merchantId, name, ...input } })).createCardType as { id: string }).id;
    }
  });
  afterAll(() => platform.close());

  const register = async () => (await posPost(platform, key, '/members', { phone: uniquePhone() })).body.id as string;
  const take = (memberId: string, cardTypeId: string, extra: Record<string, unknown> = {}) => posPost(platform, key, '/cards', { memberId, cardTypeId, ...extra });
  const cardsOf = async (memberId: string) => (await posGet(platform, key, `/members/${memberId}/cards`)).body as { cardTypeId: string; state: string; levelCode: string | null; endsAt: string | null }[];

  it('gives a free card once, and a level card that follows the member’s level', async () => {
    const member = await register();
    expect((await take(member, types.free)).body).toMatchObject({ kind: 'FREE', state: 'ACTIVE', endsAt: null });
    expect((await take(member, types.free)).body.code).toBe('CARD_ALREADY_HELD');
    expect((await take(member, types.level)).body.code).toBe('CARD_HELD_BY_LEVEL');
    expect((await take(member, types.internal)).body.code).toBe('CARD_ISSUED_BY_STAFF');
    expect((await cardsOf(member)).find((c) => c.cardTypeId === types.level)?.levelCode).toBe('REGULAR');
    await posPost(platform, key, '/purchases', { memberId: member, orderNo: idemKey(), amountFen: 200_00 });
    expect((await cardsOf(member)).find((c) => c.cardTypeId === types.level)?.levelCode).toBe('SILVER');
  });

  it('sells a monthly card, renews it from the end of the period paid, and shows it expired once past', async () => {
    const member = await register();
    const first = await take(member, types.monthly, { orderNo: idemKey() });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ kind: 'PAID', state: 'ACTIVE', priceFen: 30_00, cashDueFen: 30_00 });
    const end = new Date(first.body.endsAt);
    expect(Math.abs(end.getTime() - addMonthsInZone(new Date(), 1, 'Asia/Shanghai').getTime())).toBeLessThan(60_000);
    // Renewing from stored value: the new month starts where the paid one ends.
    await posPost(platform, key, '/stored-value/recharges', { memberId: member, orderNo: idemKey(), amountFen: 50_00 });
    const renewed = await take(member, types.monthly, { orderNo: idemKey(), payWithStoredValue: true });
    expect(renewed.body).toMatchObject({ storedValuePaidFen: 30_00, cashDueFen: 0, endsAt: addMonthsInZone(end, 1, 'Asia/Shanghai').toISOString() });
    expect((await posGet(platform, key, `/members/${member}/stored-value`)).body.principalBalanceFen).toBe(20_00);
    expect((await take(member, types.monthly)).body.code).toBe('VALIDATION_FAILED');
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*)::int as count from card_purchase where member_id = ?', [member]);
    expect(count).toBe(2);
    await systemQuery(platform, `update member_card set ends_at = now() - interval '1 second' where member_id = ? and card_type_id = ?`, [member, types.monthly]);
    expect((await cardsOf(member)).find((c) => c.cardTypeId === types.monthly)?.state).toBe('EXPIRED');
    // Bought again after it ran out: the period starts now.
    const again = await take(member, types.monthly, { orderNo: idemKey() });
    expect(Math.abs(new Date(again.body.endsAt).getTime() - addMonthsInZone(new Date(), 1, 'Asia/Shanghai').getTime())).toBeLessThan(60_000);
  });

  it('lets staff issue internal cards with a reason, and cancel cards', async () => {
    const member = await register();
    const issue = (token: string, cardTypeId: string) =>
      gql(platform, token, `mutation($t: UUID!, $m: UUID!) { issueCard(cardTypeId: $t, memberId: $m, reason: "VIP 客户") { kind state } }`, { t: cardTypeId, m: member });
    expect((await issue(tenant.merchants[0].clerkToken, types.internal)).body.errors[0].extensions.code).toBe('FORBIDDEN');
    expect(ok(await issue(admin, types.internal)).issueCard).toEqual({ kind: 'INTERNAL', state: 'ACTIVE' });
    expect((await issue(admin, types.monthly)).body.errors[0].extensions.code).toBe('CARD_NOT_ISSUABLE');
    const cancel = await gql(platform, admin, `mutation($t: UUID!, $m: UUID!) { cancelMemberCard(cardTypeId: $t, memberId: $m, reason: "离职") { state } }`, { t: types.internal, m: member });
    expect(ok(cancel).cancelMemberCard).toEqual({ state: 'CANCELLED' });
    expect((await gql(platform, admin, CREATE, { i: { merchantId, name: 'bad', kind: 'PAID' } })).body.errors[0].extensions.code).toBe('VALIDATION_FAILED');
  });
});
