import { NOTIFICATION_CHANNELS, NotificationDispatcher, type NotificationChannels, type RecordingChannel } from '@loyalty/notifications';
import { bootTestPlatform, createTenant, gqlData, gqlError, type MerchantFixture, posPost, settleOutbox, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';

import { DailyReportPublisher } from '../application/daily-report.publisher';

const today = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
const yesterday = () => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date(Date.now() - 86_400_000));

/** The daily business report from the insights service's own facts, per merchant, store and alliance, and as CSV. */
describe('daily business report (end to end)', () => {
  let platform: TestPlatform;
  let alliance: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  let order = 0;

  const REPORT = `query($from: String!, $to: String!, $merchantId: UUID, $storeId: UUID) {
    dailyReport(from: $from, to: $to, merchantId: $merchantId, storeId: $storeId) { scope timeZone rows {
      day purchases salesFen refundsFen netSalesFen buyers newMembers pointsEarned pointsRedeemed pointsReversed pointsExpired previousDayNetSalesFen trailing7DayNetSalesFen
      storedValueRechargedFen storedValueUsedFen couponsIssued couponsUsed reportedSalesFen memberShareBps } } }`;
  const report = async (token: string, variables: Record<string, unknown>) => (await gqlData(platform, token, REPORT, variables)).dailyReport;
  const buy = (merchant: MerchantFixture, store: number, memberId: string, amountFen: number, localTime: string) =>
    posPost(platform, merchant.posKeys[store], '/purchases', { memberId, orderNo: `D-${++order}`, amountFen, occurredAt: `${localTime}+08:00` });

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    alliance = await createTenant(platform.app, { merchants: 2 });
    [a, b] = alliance.merchants;
    const x = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    const y = (await posPost(platform, a.posKeys[1], '/members', { phone: uniquePhone() })).body.id;
    // 9 March: 300 at the direct store; 10 March: two members at both stores; 12 March: nothing; 13 March at B.
    expect((await buy(a, 0, x, 300_00, '2026-03-09T10:00:00')).status).toBe(201);
    expect((await buy(a, 0, x, 100_00, '2026-03-10T09:00:00')).status).toBe(201);
    expect((await buy(a, 1, y, 250_50, '2026-03-10T23:59:00')).status).toBe(201);
    expect((await buy(a, 0, x, 80_00, '2026-03-11T00:00:00')).status).toBe(201);
    expect((await buy(b, 0, x, 60_00, '2026-03-13T12:00:00')).status).toBe(201);
    // Today: half of 10 March's first order is refunded, and 20 points are redeemed.
    expect((await posPost(platform, a.posKeys[0], '/refunds', { orderNo: 'D-2', amountFen: 50_00 })).status).toBe(201);
    expect((await posPost(platform, a.posKeys[0], '/redemptions', { memberId: x, points: 20, orderNo: `R-${++order}` })).status).toBe(201);
    // Yesterday at noon: the day the published report covers.
    expect((await buy(a, 0, y, 66_00, `${yesterday()}T12:00:00`)).status).toBe(201);
    // A member of B bought at A a year before 12 March: A's 100 points expire on 12 March 2026 at noon.
    const z = (await posPost(platform, b.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
    expect((await buy(a, 0, z, 100_00, '2025-03-12T12:00:00')).status).toBe(201);
    expect((await buy(b, 0, z, 1_00, `${today()}T00:00:01`)).status).toBe(201);
    // Today at A: x recharges 200.00, pays 50.00 from it and gets 10.00 of that back; two coupons issued, one used.
    const pos = (path: string, body: Record<string, unknown>) => posPost(platform, a.posKeys[0], path, body).then((res) => (expect(res.status).toBe(201), res.body));
    await pos('/stored-value/recharges', { memberId: x, orderNo: 'SV-1', amountFen: 200_00 });
    await pos('/stored-value/payments', { memberId: x, orderNo: 'SV-2', amountFen: 50_00 });
    await pos('/stored-value/payment-refunds', { memberId: x, orderNo: 'SV-2', amountFen: 10_00 });
    const template = await gqlData(platform, a.adminToken, `mutation($input: CouponTemplateInput!) { createCouponTemplate(input: $input) { id } }`, {
      input: { merchantId: a.merchant.id, name: '5元无门槛', kind: 'FIXED', amountOffFen: 5_00, validDays: 30 },
    });
    const ISSUE = `mutation($t: UUID!, $m: UUID!) { issueCoupon(templateId: $t, memberId: $m, reason: "回馈") { id } }`;
    const coupon = (await gqlData(platform, a.adminToken, ISSUE, { t: template.createCouponTemplate.id, m: x })).issueCoupon.id;
    await gqlData(platform, a.adminToken, ISSUE, { t: template.createCouponTemplate.id, m: y });
    await pos('/coupons/redemptions', { memberId: x, orderNo: 'CP-1', amountFen: 20_00, couponIds: [coupon] });
    // 日结: A's direct store closed 10 March at 500.00 in all, walk-ins included; the franchise store reported nothing.
    expect((await posPost(platform, a.posKeys[0], '/daily-sales', { day: '2026-03-10', salesFen: 500_00, orders: 12 })).status).toBe(201);
    await settleOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('counts each local day of the merchant, with the day before and the week before as the trend', async () => {
    const { scope, timeZone, rows } = await report(a.adminToken, { from: '2026-03-10', to: '2026-03-12' });
    expect({ scope, timeZone }).toEqual({ scope: 'merchant', timeZone: 'Asia/Shanghai' });
    expect(rows.map((r: { day: string }) => r.day)).toEqual(['2026-03-10', '2026-03-11', '2026-03-12']);
    expect(rows[0]).toEqual({
      day: '2026-03-10',
      purchases: 2,
      salesFen: 350_50,
      refundsFen: 0, // refunded today, not on the sale's day
      netSalesFen: 350_50,
      buyers: 2,
      newMembers: 0,
      pointsEarned: 350,
      pointsRedeemed: 0,
      pointsReversed: 0,
      pointsExpired: 0,
      previousDayNetSalesFen: 300_00,
      trailing7DayNetSalesFen: Math.floor(300_00 / 7),
      storedValueRechargedFen: 0,
      storedValueUsedFen: 0,
      couponsIssued: 0,
      couponsUsed: 0,
      // Of the 500.00 the direct store reported, its members bought 100.00: the franchise store's member sale is not set against it.
      reportedSalesFen: 500_00,
      memberShareBps: 2000,
    });
    // 00:00 local belongs to the 11th.
    expect(rows[1]).toMatchObject({ purchases: 1, salesFen: 80_00, buyers: 1, previousDayNetSalesFen: 350_50, trailing7DayNetSalesFen: Math.floor(650_50 / 7) });
    expect(rows[2]).toMatchObject({ purchases: 0, salesFen: 0, previousDayNetSalesFen: 80_00, reportedSalesFen: null, memberShareBps: null });
    // The year-old points expired on 12 March, counted for A, who issued them.
    expect(rows.map((r: { pointsExpired: number }) => r.pointsExpired)).toEqual([0, 0, 100]);
  });

  it('counts today’s refund, redemption and new members on today, per store and across the alliance', async () => {
    const [row] = (await report(a.adminToken, { from: today(), to: today() })).rows;
    expect(row).toMatchObject({ purchases: 0, refundsFen: 50_00, netSalesFen: -50_00, newMembers: 2, pointsRedeemed: 20, pointsReversed: 50 });
    expect(row).toMatchObject({ storedValueRechargedFen: 200_00, storedValueUsedFen: 40_00, couponsIssued: 2, couponsUsed: 1, pointsExpired: 0 });
    const franchise = (await report(a.adminToken, { from: '2026-03-10', to: '2026-03-10', storeId: a.stores[1].id })).rows[0];
    expect(franchise).toMatchObject({ purchases: 1, salesFen: 250_50, buyers: 1 });
    const whole = await report(alliance.operatorToken!, { from: '2026-03-09', to: '2026-03-13' });
    expect(whole.scope).toBe('alliance');
    expect(whole.rows.reduce((sum: number, r: { salesFen: number }) => sum + r.salesFen, 0)).toBe(300_00 + 100_00 + 250_50 + 80_00 + 60_00);
    // A's staff cannot read B's report.
    expect(await gqlError(platform, a.adminToken, REPORT, { from: '2026-03-09', to: '2026-03-13', merchantId: b.merchant.id })).toEqual({ status: 403, code: 'FORBIDDEN' });
  });

  it("publishes yesterday's report once, and notifications e-mail it to the merchant's staff", async () => {
    await gqlData(platform, a.adminToken, `mutation { setNotificationSettings(input: { staffEmail: "boss@shop.example.cn" }) { staffEmail } }`);
    await gqlData(platform, a.adminToken, `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { id } }`, {
      input: { trigger: 'daily_report', channel: 'email', body: '{{day}} 营业日报：消费 {{purchases}} 笔，净消费 {{netSalesYuan}} 元，前一日 {{previousDayNetSalesYuan}} 元' },
    });
    const publisher = platform.app.get(DailyReportPublisher);
    expect(await publisher.publish(new Date(), [a.merchant.id])).toBe(1);
    expect(await publisher.publish(new Date(), [a.merchant.id])).toBe(0);
    await settleOutbox(platform);
    const email = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).email as RecordingChannel;
    const before = email.sent.length;
    expect(await platform.app.get(NotificationDispatcher).deliverDue(new Date(), [a.merchant.id])).toBe(1);
    expect(email.sent.slice(before)).toEqual([
      expect.objectContaining({ recipient: 'boss@shop.example.cn', trigger: 'daily_report', body: `${yesterday()} 营业日报：消费 1 笔，净消费 66.00 元，前一日 0.00 元` }),
    ]);
  });

  it("e-mails each store with an address its own day, every report e-mail with the export's own CSV attached", async () => {
    const [direct, franchise] = a.stores;
    const SET = 'mutation($s: UUID!, $e: String) { setStoreReportEmail(storeId: $s, reportEmail: $e) { storeId name reportEmail } }';
    expect((await gqlData(platform, a.adminToken, SET, { s: direct.id, e: 'wanda@shop.example.cn' })).setStoreReportEmail).toEqual({ storeId: direct.id, name: direct.name, reportEmail: 'wanda@shop.example.cn' });
    // Clerks and other merchants may not point a store's report elsewhere; a bad address or an unknown store is refused.
    expect(await gqlError(platform, a.clerkToken, SET, { s: direct.id, e: 'me@example.cn' })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await gqlError(platform, b.adminToken, SET, { s: direct.id, e: 'me@example.cn' })).toEqual({ status: 404, code: 'STORE_NOT_FOUND' }); // another merchant's store is not theirs to see
    expect(await gqlError(platform, a.adminToken, SET, { s: direct.id, e: 'not-an-address' })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, a.adminToken, SET, { s: '00000000-0000-4000-8000-000000000000', e: 'x@example.cn' })).toEqual({ status: 404, code: 'STORE_NOT_FOUND' });
    const settings = (await gqlData(platform, a.adminToken, '{ storeReportSettings { storeId reportEmail } }')).storeReportSettings;
    expect(settings).toEqual(expect.arrayContaining([{ storeId: direct.id, reportEmail: 'wanda@shop.example.cn' }, { storeId: franchise.id, reportEmail: null }]));

    const publisher = platform.app.get(DailyReportPublisher);
    expect(await publisher.publish(new Date(), [direct.id, franchise.id])).toBe(2);
    expect(await publisher.publish(new Date(), [direct.id, franchise.id])).toBe(0);
    await settleOutbox(platform);
    const email = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).email as RecordingChannel;
    const before = email.sent.length;
    expect(await platform.app.get(NotificationDispatcher).deliverDue(new Date(), [a.merchant.id])).toBe(1); // the franchise store has no address
    const [storeMail] = email.sent.slice(before);
    expect(storeMail).toMatchObject({ recipient: 'wanda@shop.example.cn', trigger: 'daily_report', subject: `${a.merchant.name} ${direct.name} 营业日报` });
    expect(storeMail.body).toMatch(new RegExp(`^${yesterday()} 营业日报：消费 1 笔，净消费 66.00 元`));

    // The attachment is byte for byte what the export downloads for that scope and day.
    const exported = async (query: string) =>
      (await platform.http.get(`/api/insights/v1/reports/daily?from=${yesterday()}&to=${yesterday()}${query}`).set('authorization', `Bearer ${a.adminToken}`)).text;
    const attached = (mail: { attachment: { contentBase64: string } | null }) => Buffer.from(mail.attachment!.contentBase64, 'base64').toString('utf8');
    expect(storeMail.attachment).toMatchObject({ filename: `营业日报-${direct.name}-${yesterday()}.csv`, contentType: 'text/csv; charset=utf-8' });
    expect(attached(storeMail)).toBe(await exported(`&storeId=${direct.id}`));
    const merchantMail = email.sent.find((m) => m.recipient === 'boss@shop.example.cn' && m.trigger === 'daily_report')!;
    expect(merchantMail.attachment!.filename).toBe(`营业日报-${yesterday()}.csv`);
    expect(attached(merchantMail)).toBe(await exported(''));
  });

  it("publishes the alliance's report of yesterday across its merchants, and notifications e-mail it to the operator", async () => {
    const operator = alliance.operatorToken!;
    await gqlData(platform, operator, `mutation { setNotificationSettings(input: { staffEmail: "ops@alliance.example.cn" }) { merchantId staffEmail } }`);
    await gqlData(platform, operator, `mutation($input: NotificationTemplateInput!) { setNotificationTemplate(input: $input) { merchantId } }`, {
      input: { trigger: 'daily_report', channel: 'email', body: '{{merchantName}} {{day}}：净消费 {{netSalesYuan}} 元，储值充值 {{storedValueRechargedYuan}} 元，发券 {{couponsIssued}} 张' },
    });
    const publisher = platform.app.get(DailyReportPublisher);
    expect(await publisher.publish(new Date(), [alliance.allianceId!])).toBe(1);
    expect(await publisher.publish(new Date(), [alliance.allianceId!])).toBe(0);
    await settleOutbox(platform);
    const email = platform.app.get<NotificationChannels>(NOTIFICATION_CHANNELS).email as RecordingChannel;
    const before = email.sent.length;
    expect(await platform.app.get(NotificationDispatcher).deliverDue(new Date(), [alliance.allianceId!])).toBe(1);
    expect(email.sent.slice(before)).toEqual([
      expect.objectContaining({ recipient: 'ops@alliance.example.cn', trigger: 'daily_report', body: expect.stringMatching(new RegExp(` ${yesterday()}：净消费 66.00 元，储值充值 0.00 元，发券 0 张$`)) }),
    ]);
    // Its CSV is the alliance's export for that day.
    const exported = await platform.http.get(`/api/insights/v1/reports/daily?from=${yesterday()}&to=${yesterday()}`).set('authorization', `Bearer ${operator}`);
    const [mail] = email.sent.slice(before);
    expect(mail.attachment!.filename).toBe(`营业日报-${yesterday()}.csv`);
    expect(Buffer.from(mail.attachment!.contentBase64, 'base64').toString('utf8')).toBe(exported.text);
  });

  it('downloads as CSV for spreadsheets, in yuan, and refuses bad ranges and formats', async () => {
    const res = await platform.http.get('/api/insights/v1/reports/daily?from=2026-03-09&to=2026-03-11').set('authorization', `Bearer ${a.adminToken}`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('text/csv; charset=utf-8');
    const lines = res.text.split('\r\n');
    expect(lines[0].startsWith('\ufeff日期 day,消费笔数 purchases,会员消费 sales')).toBe(true);
    expect(lines[2].split(',').slice(0, 5)).toEqual(['2026-03-10', '2', '350.50', '0.00', '350.50']);
    expect(lines[2].split(',').slice(-2)).toEqual(['500.00', '20.00%']);
    expect(lines[3].split(',').slice(-2)).toEqual(['', '']);
    expect(lines).toHaveLength(5); // header, three days, final line break
    const bad = (query: string, token: string | null = a.adminToken) => {
      const call = platform.http.get(`/api/insights/v1/reports/daily?${query}`);
      return token ? call.set('authorization', `Bearer ${token}`) : call;
    };
    expect((await bad('from=2026-03-11&to=2026-03-09')).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await bad('from=2025-01-01&to=2026-03-09')).status).toBe(400);
    expect((await bad('from=2026-03-09&to=2026-03-11&format=xml')).status).toBe(400);
    expect((await bad('from=2026-03-09&to=2026-03-11&timeZone=Mars/Olympus')).status).toBe(400);
    expect((await bad('from=2026-03-09&to=2026-03-11', null)).status).toBe(401);
  });
});
