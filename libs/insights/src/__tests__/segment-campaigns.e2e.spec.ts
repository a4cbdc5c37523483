import { randomUUID } from 'node:crypto';
import { CommandBus } from '@nestjs/cqrs';
import { IssueCampaignCouponsCommand } from '@loyalty/programme';
import {
  bootTestPlatform,
  createTenant,
  gqlData,
  gqlError,
  type MerchantFixture,
  posPost,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { CouponCampaignRunner } from '../application/coupon-campaign.runner';

/** A saved segment as a campaign's audience: a coupon template issued to its members through the programme, once per member and campaign. */
describe('coupon campaigns to saved segments (end to end)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  const members: Record<string, string> = {};
  let segmentId: string;
  let templateId: string;
  let order = 0;

  const CAMPAIGN_FIELDS = `id status total done issued alreadyIssued refused refusals { code members } finishedAt`;
  const START = `mutation($input: IssueCouponsToSegmentInput!) { issueCouponsToSegment(input: $input) { ${CAMPAIGN_FIELDS} } }`;
  const PROGRESS = `query($id: UUID!) { couponCampaign(campaignId: $id) { ${CAMPAIGN_FIELDS} } }`;
  const template = async (merchant: MerchantFixture) =>
    (
      await gqlData(platform, merchant.adminToken, `mutation($input: CouponTemplateInput!) { createCouponTemplate(input: $input) { id } }`, {
        input: { merchantId: merchant.merchant.id, name: '老客回馈 10 元', kind: 'FIXED', amountOffFen: 10_00, validDays: 30, perMemberLimit: 1 },
      })
    ).createCouponTemplate.id as string;
  /** The campaign once the background work is through, as a client polling its progress sees it. */
  const finished = async (campaignId: string) => {
    for (const until = Date.now() + 15_000; ; ) {
      const campaign = (await gqlData(platform, a.adminToken, PROGRESS, { id: campaignId })).couponCampaign;
      if (campaign.status === 'done' || Date.now() > until) return campaign;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };
  const campaignCoupons = (campaignId: string) =>
    systemQuery<{ memberId: string }>(platform, 'select member_id as "memberId" from coupon where rule_id = ? order by member_id', [campaignId]).then((rows) => rows.map((r) => r.memberId));

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    [a, b] = tenant.merchants;
    for (const [name, amountFen] of [['big', 300_00], ['mid', 150_00], ['holder', 200_00], ['small', 50_00]] as const) {
      members[name] = (await posPost(platform, a.posKeys[0], '/members', { phone: uniquePhone() })).body.id;
      expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId: members[name], orderNo: `S-${++order}`, amountFen })).status).toBe(201);
    }
    await settleOutbox(platform);
    segmentId = (await gqlData(platform, a.adminToken, `mutation($input: SaveSegmentInput!) { saveSegment(input: $input) { id } }`, { input: { name: '消费百元以上', minMonetaryFen: 100_00 } }))
      .saveSegment.id;
    templateId = await template(a);
    // The holder has this template's one coupon a member may hold already.
    await gqlData(platform, a.adminToken, `mutation($t: UUID!, $m: UUID!) { issueCoupon(templateId: $t, memberId: $m, reason: "店员赠送") { id } }`, { t: templateId, m: members.holder });
  });
  afterAll(() => platform?.close());

  it("issues the template to the segment's members through the programme, keeping its per-member limit, and shows the progress", async () => {
    const campaignId = randomUUID();
    const started = (await gqlData(platform, a.adminToken, START, { input: { campaignId, segmentId, couponTemplateId: templateId } })).issueCouponsToSegment;
    expect(started).toMatchObject({ id: campaignId, total: 3 });
    const done = await finished(campaignId);
    expect(done).toMatchObject({ status: 'done', total: 3, done: 3, issued: 2, alreadyIssued: 0, refused: 1, refusals: [{ code: 'COUPON_MEMBER_LIMIT_REACHED', members: 1 }] });
    expect(done.finishedAt).not.toBeNull();
    expect(await campaignCoupons(campaignId)).toEqual([members.big, members.mid].sort());

    // The same campaign id again is the same campaign: nobody gets a second coupon.
    const again = (await gqlData(platform, a.adminToken, START, { input: { campaignId, segmentId, couponTemplateId: templateId } })).issueCouponsToSegment;
    expect(again).toMatchObject({ id: campaignId, status: 'done', issued: 2 });
    // Resuming finds nothing left to do.
    expect(await platform.app.get(CouponCampaignRunner).resume()).toBe(0);
    expect(await campaignCoupons(campaignId)).toHaveLength(2);
    // The programme's own promise, asked directly: once per member and campaign.
    const admin = { tenantId: tenant.tenantId, merchantId: a.merchant.id, storeId: null, actorId: 'test', roles: ['MERCHANT_ADMIN' as const], correlationId: 'test' };
    expect(await platform.app.get(CommandBus).execute(new IssueCampaignCouponsCommand(admin, { campaignId, templateId, memberIds: [members.big, members.small] }))).toEqual([
      { memberId: members.big, outcome: 'already_issued' },
      { memberId: members.small, outcome: 'issued' },
    ]);
    expect(await campaignCoupons(campaignId)).toHaveLength(3);

    // Issued coupons reach the daily report through coupon.issued.v1.
    await settleOutbox(platform);
    const today = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const report = await gqlData(platform, a.adminToken, `query($d: String!) { dailyReport(from: $d, to: $d) { rows { couponsIssued } } }`, { d: today });
    expect(report.dailyReport.rows[0].couponsIssued).toBe(1 + 2 + 1);
  });

  it('refuses another campaign under a used id, a template or segment of another merchant, and store staff, creating nothing', async () => {
    const campaignId = randomUUID();
    await gqlData(platform, a.adminToken, START, { input: { campaignId, segmentId, couponTemplateId: templateId } });
    await finished(campaignId);
    const otherSegment = (await gqlData(platform, a.adminToken, `mutation($input: SaveSegmentInput!) { saveSegment(input: $input) { id } }`, { input: { name: '全部', minFrequency: 0 } })).saveSegment.id;
    expect(await gqlError(platform, a.adminToken, START, { input: { campaignId, segmentId: otherSegment, couponTemplateId: templateId } })).toEqual({ status: 409, code: 'CAMPAIGN_ID_TAKEN' });

    const fresh = randomUUID();
    expect(await gqlError(platform, a.adminToken, START, { input: { campaignId: fresh, segmentId, couponTemplateId: await template(b) } })).toEqual({
      status: 404,
      code: 'COUPON_TEMPLATE_NOT_FOUND',
    });
    expect(await gqlError(platform, b.adminToken, START, { input: { campaignId: fresh, segmentId, couponTemplateId: templateId } })).toEqual({ status: 404, code: 'SEGMENT_NOT_FOUND' });
    expect(await gqlError(platform, a.clerkToken, START, { input: { campaignId: fresh, segmentId, couponTemplateId: templateId } })).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await gqlError(platform, a.adminToken, START, { input: { campaignId: 'not-a-uuid', segmentId, couponTemplateId: templateId } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
    expect(await gqlError(platform, a.adminToken, PROGRESS, { id: fresh })).toEqual({ status: 404, code: 'CAMPAIGN_NOT_FOUND' });
    expect(await gqlError(platform, b.adminToken, PROGRESS, { id: campaignId })).toEqual({ status: 404, code: 'CAMPAIGN_NOT_FOUND' });
    expect(await campaignCoupons(fresh)).toEqual([]);
  });
});
