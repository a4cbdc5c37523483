import { drainOutbox, gqlData, posPost, settleOutbox, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { consoleFixture, type StaffLogins } from './staff-logins';
import { can } from '../src/auth-provider';
import type { ConsoleDataProvider } from '../src/data-provider';
import { localDate } from '../src/format';

const list = (filter: Record<string, unknown> = {}, perPage = 50) => ({ pagination: { page: 1, perPage }, sort: { field: 'id', order: 'ASC' as const }, filter });

/**
 * The data provider's member 360, programme, insights and notification resources against the real
 * platform: what the new console pages read and write is what the API answers, per role.
 */
describe('console data provider: member 360, programme, insights, notifications', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let emails: StaffLogins;
  let memberId: string;
  let otherId: string;
  let admin: ConsoleDataProvider;
  let operator: ConsoleDataProvider;
  let clerk: ConsoleDataProvider;

  beforeAll(async () => {
    ({ platform, tenant, emails, admin, operator, clerk } = await consoleFixture({ EXPIRY_SWEEP_MS: '0' }));
    const [a, b] = tenant.merchants;
    // Levels before the purchases, so the member is raised by them.
    const scheme = await admin.create('levelSchemes', {
      data: {
        name: '会员等级',
        merchantId: a.merchant.id,
        levels: [
          { code: 'REGULAR', name: '普通会员', conditions: [] },
          { code: 'SILVER', name: '银卡', conditions: [{ all: [{ metric: 'CUMULATIVE_SPEND', min: 500_00 }] }], benefits: { discountPermille: 20 } },
        ],
        growthRules: [{ behaviour: 'PURCHASE', amount: 1 }],
      },
    });
    expect(scheme.data).toMatchObject({ merchantId: a.merchant.id, levels: [{ code: 'REGULAR' }, { code: 'SILVER', benefits: { discountPermille: 20 } }] });
    memberId = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone(), name: '赵六' })).body.id;
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'PDP-1', amountFen: 600_00 })).status).toBe(201);
    expect((await posPost(platform, b.posKeys[0], '/redemptions', { memberId, points: 100, orderNo: 'PDP-2' })).status).toBe(201);
    // Another member, at the entry level and without tags: what the member filters leave out.
    otherId = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('reads the member 360 tabs: lots with expiry, level and its history, cards, visit cards, stored value', async () => {
    const lots = await clerk.getManyReference('memberLots', { target: 'memberId', id: memberId, ...list() });
    expect(lots.total).toBe(1);
    expect(lots.data[0]).toMatchObject({ amount: 600, remaining: 500, expired: false, issuerMerchantId: tenant.merchants[0].merchant.id });
    expect((await admin.getOne('memberLevels', { id: memberId })).data).toMatchObject({ id: memberId, levelCode: 'SILVER', levelName: '银卡', growth: 600 });
    const history = await admin.getManyReference('memberLevelHistory', { target: 'memberId', id: memberId, ...list() });
    expect(history.data.map((c) => [c.fromCode, c.toCode, c.reason])).toEqual([[null, 'SILVER', 'UPGRADE']]);
    expect((await admin.getManyReference('memberCards', { target: 'memberId', id: memberId, ...list() })).total).toBe(0);
    expect((await admin.getManyReference('memberVisitCards', { target: 'memberId', id: memberId, ...list() })).total).toBe(0);
    expect((await clerk.getOne('memberStoredValue', { id: memberId })).data).toMatchObject({ id: memberId, balanceFen: 0, bonusScheduled: [] });
    // A required parent missing: an empty list, not a call the API would refuse.
    expect(await admin.getList('memberLots', list())).toEqual({ data: [], total: 0 });
  });

  it('issues and revokes coupons of a template, and pages templates with their total', async () => {
    const [a] = tenant.merchants;
    const { data: template } = await admin.create('couponTemplates', { data: { merchantId: a.merchant.id, name: '五元无门槛', kind: 'FIXED', amountOffFen: 500, validDays: 30 } });
    await admin.create('couponTemplates', { data: { merchantId: a.merchant.id, name: '九折', kind: 'PERCENTAGE', discountPermille: 100, validDays: 7 } });
    const page = await admin.getList('couponTemplates', list({}, 1));
    expect(page.total).toBe(2);
    expect(page.data).toHaveLength(1);
    // The clerk at the counter issues; only managers revoke.
    const { data: coupon } = await clerk.create('memberCoupons', { data: { memberId, templateId: template.id, reason: '到店礼' } });
    expect(coupon).toMatchObject({ memberId, templateId: template.id, status: 'ISSUED', issueReason: '到店礼' });
    expect([can({ role: 'STORE_STAFF' }, 'memberCoupons', 'create'), can({ role: 'STORE_STAFF' }, 'memberCoupons', 'revoke')]).toEqual([true, false]);
    // The clerk reads templates to issue from, without a templates page.
    expect([can({ role: 'STORE_STAFF' }, 'couponTemplates', 'read'), can({ role: 'STORE_STAFF' }, 'couponTemplates', 'list')]).toEqual([true, false]);
    await expect(clerk.revokeCoupon({ couponId: String(coupon.id), reason: '误发' })).rejects.toMatchObject({ status: 403 });
    expect(await admin.revokeCoupon({ couponId: String(coupon.id), reason: '误发' })).toMatchObject({ status: 'REVOKED', revokeReason: '误发' });
    const coupons = await admin.getManyReference('memberCoupons', { target: 'memberId', id: memberId, ...list() });
    expect(coupons.data.map((c) => c.status)).toEqual(['REVOKED']);
    const { data: rule } = await admin.create('couponRules', { data: { merchantId: a.merchant.id, templateId: template.id, trigger: 'NEW_MEMBER' } });
    expect((await admin.getList('couponRules', list())).data.map((r) => r.id)).toEqual([rule.id]);
  });

  it('creates promotions and ends one; changes a level scheme whole', async () => {
    const [a] = tenant.merchants;
    const { data: promotion } = await admin.create('promotions', { data: { merchantId: a.merchant.id, name: '周末九五折', config: { kind: 'PERCENT_OFF', discountPermille: 50 } } });
    expect(promotion).toMatchObject({ name: '周末九五折', endsAt: null, config: { kind: 'PERCENT_OFF', discountPermille: 50 } });
    const { data: ended } = await admin.delete('promotions', { id: promotion.id });
    expect(new Date(String(ended.endsAt)).getTime()).toBeLessThanOrEqual(Date.now());
    const [scheme] = (await admin.getList('levelSchemes', list())).data;
    const { data: changed } = await admin.update('levelSchemes', { id: scheme.id, data: { ...scheme, validityMonths: 12 }, previousData: scheme });
    expect(changed).toMatchObject({ id: scheme.id, validityMonths: 12, levels: scheme.levels });
    // A level on a plugin's measure keeps it through the next whole change.
    const nights = { metric: 'MEASURE', measure: 'hotel.nights', min: 10, windowMonths: 12 };
    const gold = { code: 'GOLD', name: '金卡', conditions: [{ all: [nights] }] };
    const { data: withGold } = await admin.update('levelSchemes', { id: scheme.id, data: { ...changed, levels: [...scheme.levels, gold] }, previousData: changed });
    const { data: again } = await admin.update('levelSchemes', { id: scheme.id, data: { ...withGold, validityMonths: 24 }, previousData: withGold });
    expect(again.levels[2]).toMatchObject({ code: 'GOLD', conditions: [{ all: [nights] }] });
  });

  it('reads tags, segments, RFM grid and groups, the ABC pyramid and daily reports, and filters members by them', async () => {
    const [a] = tenant.merchants;
    await gqlData(platform, a.adminToken, `mutation { refreshRfm { members } }`);
    const { data: tag } = await admin.create('tags', { data: { name: '熟客', minPurchases: 1 } });
    expect((await admin.getList('tags', list({ memberId }))).data.map((t) => t.id)).toEqual([tag.id]);
    const tagged = await admin.getList('members', { ...list({ tagId: tag.id }), sort: { field: 'registeredAt', order: 'DESC' } });
    expect(tagged.data.map((m) => m.id)).toEqual([memberId]);
    const grid = await admin.getList('rfmGrid', list({}, 100));
    expect(grid.total).toBe(25);
    expect(grid.data.reduce((sum, c) => sum + Number(c.members), 0)).toBe(1);
    const groups = await admin.getList('rfmGroups', list());
    const group = groups.data.find((g) => Number(g.members) === 1)!;
    expect((await admin.getList('members', { ...list({ rfmGroup: group.id }), sort: { field: 'registeredAt', order: 'DESC' } })).data.map((m) => m.id)).toEqual([memberId]);
    const byLevel = async (levelCode: string) => (await admin.getList('members', { ...list({ levelCode }), sort: { field: 'registeredAt', order: 'DESC' } })).data.map((m) => m.id);
    expect([await byLevel('SILVER'), await byLevel('REGULAR')]).toEqual([[memberId], [otherId]]);
    expect((await admin.getList('abcTiers', list())).data.map((t) => [t.id, t.members])).toEqual([['A', 0], ['B', 0], ['C', 1]]); // one customer is not in the top fifth of one
    const { data: segment } = await admin.create('segments', { data: { name: '银卡熟客', tagIds: [tag.id] } });
    expect(segment.members).toBe(1);
    expect((await admin.getManyReference('segmentMembers', { target: 'segmentId', id: segment.id, ...list() })).data.map((m) => m.id)).toEqual([memberId]);
    // Local days of the merchant (Asia/Shanghai), not of this machine.
    const today = localDate(new Date(), 'Asia/Shanghai');
    const from = localDate(new Date(Date.now() - 2 * 86_400_000), 'Asia/Shanghai');
    const report = await operator.getList('dailyReports', list({ from, to: today, merchantId: a.merchant.id }));
    expect(report.data.length).toBeGreaterThanOrEqual(3);
    expect(report.data.reduce((sum, d) => sum + Number(d.pointsEarned), 0)).toBe(600);
    expect(report.data.reduce((sum, d) => sum + Number(d.newMembers), 0)).toBe(2);
  });

  it('creates rule tags on points and on a plugin fact, an empty fact left out', async () => {
    const { data: guests } = await admin.create('tags', { data: { name: '常住客', fact: { name: 'hotel.nights', min: 3, windowDays: 365 } } });
    expect(guests).toMatchObject({ kind: 'rule', fact: { name: 'hotel.nights', min: 3, max: null, windowDays: 365 }, members: 0 });
    const { data: holders } = await admin.create('tags', { data: { name: '积分大户', minPoints: 50_000, fact: {} } });
    expect(holders).toMatchObject({ kind: 'rule', minPoints: 50_000, fact: null });
  });

  it('lists a merchant’s stores with their report e-mail and sets one; a clerk may not', async () => {
    const [a] = tenant.merchants;
    const { data: stores } = await admin.getList('storeReportSettings', list());
    expect(stores.map((s) => s.name).sort()).toEqual(a.stores.map((s) => s.name).sort());
    const id = `${a.merchant.id}:${a.stores[0].id}`;
    const { data: one } = await admin.getOne('storeReportSettings', { id });
    const { data: changed } = await admin.update('storeReportSettings', { id, data: { ...one, reportEmail: 'store@example.cn' }, previousData: one });
    expect(changed).toMatchObject({ id, name: a.stores[0].name, reportEmail: 'store@example.cn' });
    await expect(clerk.update('storeReportSettings', { id, data: { ...one, reportEmail: 'me@example.cn' }, previousData: one })).rejects.toMatchObject({ status: 403 });
  });

  it('sets notification templates and settings and anomaly rules per merchant, and reads the log and hits', async () => {
    const [a] = tenant.merchants;
    const merchantId = a.merchant.id;
    const { data: template } = await operator.create('notificationTemplates', { data: { merchantId, trigger: 'purchase', channel: 'sms', body: '消费 {{amountYuan}} 元' } });
    expect(template.id).toBe(`${merchantId}:purchase:sms`);
    expect((await admin.getList('notificationTemplates', list())).data.map((t) => t.body)).toEqual(['消费 {{amountYuan}} 元']);
    await admin.delete('notificationTemplates', { id: template.id });
    expect((await admin.getList('notificationTemplates', list({ merchantId }))).total).toBe(0);
    const { data: settings } = await admin.update('notificationSettings', { id: merchantId, data: { quietHoursStart: '22:00', quietHoursEnd: '08:00', expiryReminderDays: 7 }, previousData: {} });
    expect(settings).toMatchObject({ id: merchantId, quietHoursStart: '22:00', expiryReminderDays: 7 });
    expect((await admin.getOne('notificationSettings', { id: merchantId })).data.quietHoursEnd).toBe('08:00');
    const { data: rules } = await operator.update('anomalyRules', { id: merchantId, data: { largeAmountFen: 100_00 }, previousData: {} });
    expect(rules).toMatchObject({ id: merchantId, largeAmountFen: 100_00, oddHoursStart: null });
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'PDP-3', amountFen: 150_00 })).status).toBe(201);
    await drainOutbox(platform);
    const hits = await admin.getList('anomalies', list());
    expect(hits.data.map((h) => [h.rule, h.memberId])).toEqual([['LARGE_AMOUNT', memberId]]);
    // The last page of a list without a total: its total is known.
    expect(hits.total).toBe(1);
    const log = await admin.getList('notificationMessages', list());
    expect(Array.isArray(log.data)).toBe(true);
    // The clerk manages no notifications, and the console offers none.
    expect(can({ role: 'STORE_STAFF' }, 'anomalies', 'list')).toBe(false);
    await expect(clerk.getList('anomalies', list())).rejects.toMatchObject({ status: 403 });
  });
});
