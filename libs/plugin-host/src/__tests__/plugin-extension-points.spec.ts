import { join } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { EventTransport, toIntegrationEvent, type OutboxRow } from '@loyalty/events';
import {
  bootPluginTestPlatform,
  createStoreStaff,
  createTenant,
  disablePlugin,
  enablePlugin,
  gql,
  gqlData,
  gqlError,
  grantPluginPermission,
  idemKey,
  pluginPosPost,
  posPost,
  runPluginJob,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';
import { RecordPurchaseCommand, RecordPurchaseHandler } from '@loyalty/loyalty';
import { posContext } from '@loyalty/testing';

const FIXTURE = join(__dirname, 'fixtures', 'test-bonus.plugin.ts');
const PLUGIN = 'test-bonus';

/**
 * Every extension point of the SDK through a plugin that uses them all, on the booted platform with
 * real PostgreSQL: nothing happens for a merchant that has the plugin off, everything for one that
 * has it on, and a refusal or bad settings leave nothing behind.
 */
describe('plugin extension points', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let phone: string;
  let memberId: string;
  const [on, off] = [0, 1];

  const purchase = (merchant: number, body: Record<string, unknown>, key?: string) => posPost(platform, tenant.merchants[merchant].posKeys[0], '/purchases', { phone, ...body }, key);
  const visitsOf = async () => (await systemQuery<{ orderNo: string; merchantId: string }>(platform, 'select order_no as "orderNo", merchant_id as "merchantId" from test_bonus_visit where tenant_id = ?', [tenant.tenantId]));

  beforeAll(async () => {
    platform = await bootPluginTestPlatform([FIXTURE]);
    tenant = await createTenant(platform.app, { merchants: 2 });
    phone = uniquePhone();
    memberId = (await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone })).body.id;
  });
  afterAll(() => platform.close());

  it('does nothing for a merchant that has not turned it on', async () => {
    const res = await purchase(on, { orderNo: 'OFF-1', amountFen: 12_345, lines: [{ sku: 'A', quantity: 1, amountFen: 12_345 }] });
    expect(res.status).toBe(201);
    expect(res.body.pointsEarned).toBe(123);
    const pos = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-OFF', amountFen: 100 });
    expect([pos.status, pos.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
    expect(await gqlError(platform, tenant.merchants[on].adminToken, '{ testBonusVisitCount }')).toEqual({ status: 403, code: 'PLUGIN_NOT_ENABLED' });
    const member = await gqlData(platform, tenant.merchants[on].adminToken, `{ member(id: "${memberId}") { member { testBonusVisits { orderNo } } } }`);
    expect(member.member.member.testBonusVisits).toBeNull();
    expect(await visitsOf()).toEqual([]);
    // Its events are delivered while the plugin is off: the handler leaves them.
    await settleOutbox(platform);
  });

  it('is listed with its metadata, off until a merchant admin turns it on', async () => {
    const query = '{ plugins { id enabled settings settingsSchema settingsLabels { path label { zhCN en } } name { zhCN en } memberFields permissions { code } consoleResources { name placement query fields { path format } } } }';
    const before = (await gqlData(platform, tenant.merchants[on].adminToken, query)).plugins;
    expect(before).toEqual([expect.objectContaining({ id: PLUGIN, enabled: false, settings: null, name: { zhCN: '测试奖励', en: 'Test bonus' } })]);
    expect(before[0].memberFields).toEqual(['testBonusVisits', 'testBonusSecret']);
    expect(before[0].settingsLabels).toEqual([{ path: 'bonusPoints', label: { zhCN: '奖励积分', en: 'Bonus points' } }]);
    expect(before[0].consoleResources[0]).toMatchObject({ name: 'visits', placement: 'member-tab', fields: [{ path: 'member.member.testBonusVisits', format: 'list' }] });
    await enablePlugin(platform, tenant.merchants[on].adminToken, PLUGIN);
    const after = (await gqlData(platform, tenant.merchants[on].adminToken, query)).plugins;
    expect(after[0]).toMatchObject({ enabled: true, settings: { bonusPoints: 5, excludedSku: 'EXCLUDED' } });
    // The other merchant of the alliance still has it off.
    expect((await gqlData(platform, tenant.merchants[off].adminToken, query)).plugins[0].enabled).toBe(false);
  });

  it('enriches lines, sets the points and observes purchases of the merchant that has it on, in the batched purchase path', async () => {
    const lines = [
      { sku: 'A', quantity: 1, amountFen: 10_000 },
      { sku: 'EXCLUDED', quantity: 2, amountFen: 5_000, attributes: { note: 'kept' } },
    ];
    const res = await purchase(on, { orderNo: 'ON-1', amountFen: 15_000, lines });
    expect(res.status).toBe(201);
    expect(res.body.pointsEarned).toBe(100 + 5); // ¥100 eligible, + the bonus; the excluded line earns nothing
    const [row] = await systemQuery<{ lines: unknown }>(platform, 'select lines from purchase where id = ?', [res.body.purchaseId]);
    expect(row.lines).toEqual([
      { ...lines[0], attributes: { testBonusSeen: true, testBonusNarrowedTo: tenant.merchants[on].merchant.id } },
      { ...lines[1], attributes: { note: 'kept', testBonusSeen: true, testBonusNarrowedTo: tenant.merchants[on].merchant.id } },
    ]);
    const other = await purchase(off, { orderNo: 'OFF-2', amountFen: 15_000, lines });
    expect(other.body.pointsEarned).toBe(150);
    expect((await visitsOf()).map((v) => v.orderNo)).toEqual(['ON-1']);
  });

  it('gives each merchant’s plugins its purchases of a batch spanning the alliance’s merchants, their SQL narrowed to that merchant', async () => {
    // An alliance of its own, so that the other tests' counts stay theirs: the plugin on at its first and third merchants.
    const alliance = await createTenant(platform.app, { merchants: 3 });
    const withPlugin = [0, 2];
    for (const merchant of withPlugin) await enablePlugin(platform, alliance.merchants[merchant].adminToken, PLUGIN);
    const buyer = uniquePhone();
    expect((await posPost(platform, alliance.merchants[1].posKeys[0], '/members', { phone: buyer })).status).toBe(201);
    const lines = [{ sku: 'A', quantity: 1, amountFen: 1_000 }];
    const order = [0, 1, 2, 0];
    const applyBatch = jest.spyOn(platform.app.get(RecordPurchaseHandler), 'applyBatch');
    try {
      // Submitted in one turn of the event loop: one batch.
      const outcomes = await Promise.all(
        order.map((merchant, i) =>
          platform.app.get(CommandBus).execute(new RecordPurchaseCommand(posContext(alliance.merchants[merchant]), { phone: buyer, orderNo: `SPAN-${i}`, amountFen: 1_000, lines }, idemKey())),
        ),
      );
      expect(applyBatch).toHaveBeenCalledTimes(1);
      expect(outcomes.map((outcome) => outcome.body.pointsEarned)).toEqual(order.map((merchant) => (withPlugin.includes(merchant) ? 10 + 5 : 10)));
    } finally {
      applyBatch.mockRestore();
    }
    const idOf = (merchant: number) => alliance.merchants[merchant].merchant.id;
    expect(await systemQuery(platform, 'select order_no as "orderNo", lines from purchase where tenant_id = ? order by order_no', [alliance.tenantId])).toEqual(
      order.map((merchant, i) => ({
        orderNo: `SPAN-${i}`,
        lines: withPlugin.includes(merchant) ? [{ ...lines[0], attributes: { testBonusSeen: true, testBonusNarrowedTo: idOf(merchant) } }] : lines,
      })),
    );
    expect(await systemQuery(platform, 'select order_no as "orderNo", merchant_id as "merchantId" from test_bonus_visit where tenant_id = ? order by order_no', [alliance.tenantId])).toEqual(
      order.flatMap((merchant, i) => (withPlugin.includes(merchant) ? [{ orderNo: `SPAN-${i}`, merchantId: idOf(merchant) }] : [])),
    );
  });

  it('lets an enricher refuse a purchase: a 4xx with its code, nothing recorded, the key free again', async () => {
    const key = idemKey();
    const refused = await purchase(on, { orderNo: 'REF-1', amountFen: 1_000, lines: [{ sku: 'REFUSE', quantity: 1, amountFen: 1_000 }] }, key);
    expect([refused.status, refused.body.code]).toEqual([422, 'TEST_BONUS_REFUSED']);
    expect(await systemQuery(platform, 'select 1 from purchase where order_no = ? and merchant_id = ?', ['REF-1', tenant.merchants[on].merchant.id])).toEqual([]);
    const retried = await purchase(on, { orderNo: 'REF-1', amountFen: 1_000, lines: [{ sku: 'A', quantity: 1, amountFen: 1_000 }] }, key);
    expect(retried.status).toBe(201);
  });

  it('answers its POS endpoint idempotently, recording the purchase through the core; a failure keeps nothing', async () => {
    const key = idemKey();
    const first = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-1', amountFen: 2_000 }, key);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ purchaseId: expect.any(String), pointsEarned: 20 + 5, level: null });
    const again = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-1', amountFen: 2_000 }, key);
    expect([again.status, again.body]).toEqual([201, first.body]);
    const conflict = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-1', amountFen: 3_000 }, key);
    expect([conflict.status, conflict.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);

    const bad = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'BAD-1', amountFen: 2_000 });
    expect([bad.status, bad.body.code]).toEqual([422, 'TEST_BONUS_BAD_ORDER']);
    expect(await systemQuery(platform, 'select 1 from purchase where order_no = ? and merchant_id = ?', ['BAD-1', tenant.merchants[on].merchant.id])).toEqual([]);
    const invalid = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-2', amountFen: -1 });
    expect([invalid.status, invalid.body.code]).toEqual([400, 'VALIDATION_FAILED']);
    const noKey = await platform.http.post(`/api/pos/v1/plugins/${PLUGIN}/visits`).set('x-api-key', tenant.merchants[on].posKeys[0]).send({ phone, orderNo: 'V-3', amountFen: 100 });
    expect([noKey.status, noKey.body.code]).toEqual([400, 'IDEMPOTENCY_KEY_REQUIRED']);
  });

  it('checks settings against the JSON schema on save: 400 with each field, nothing saved', async () => {
    const res = await gql(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "test-bonus", settings: $s) { settings } }', {
      s: { bonusPoints: -1, excludedSku: '', colour: 'red' },
    });
    expect(res.status).toBe(400);
    expect(res.body.errors[0].extensions.code).toBe('PLUGIN_SETTINGS_INVALID');
    expect(res.body.errors[0].extensions.details).toEqual(
      expect.arrayContaining([
        { path: '', message: 'must NOT have additional properties' },
        { path: 'bonusPoints', message: 'must be >= 0' },
        { path: 'excludedSku', message: 'must NOT have fewer than 1 characters' },
      ]),
    );
    const [row] = await systemQuery<{ settings: unknown }>(platform, 'select settings from plugin_enablement where merchant_id = ? and plugin_id = ?', [tenant.merchants[on].merchant.id, PLUGIN]);
    expect(row.settings).toEqual({ bonusPoints: 5, excludedSku: 'EXCLUDED' });
    const saved = await gqlData(platform, tenant.merchants[on].adminToken, 'mutation { updatePluginSettings(pluginId: "test-bonus", settings: { bonusPoints: 7 }) { settings enabled } }');
    expect(saved.updatePluginSettings).toEqual({ settings: { bonusPoints: 7, excludedSku: 'EXCLUDED' }, enabled: true });
    expect((await purchase(on, { orderNo: 'SET-1', amountFen: 100 })).body.pointsEarned).toBe(1 + 7);
  });

  it('delivers integration events once, to the merchants that have it on', async () => {
    await settleOutbox(platform);
    const counted = async () => (await systemQuery<{ merchantId: string }>(platform, 'select merchant_id as "merchantId" from test_bonus_event where tenant_id = ?', [tenant.tenantId])).length;
    const seen = await counted();
    // ON-1, REF-1 (retried), V-1 and SET-1; not OFF-1, delivered before the plugin was on.
    expect(seen).toBe(4);
    const others = await systemQuery(platform, 'select 1 from test_bonus_event where merchant_id = ?', [tenant.merchants[off].merchant.id]);
    expect(others).toEqual([]);
    // Delivered again (a relay that died before marking them sent): the inbox keeps them applied once.
    const rows = await systemQuery<OutboxRow>(platform, "select * from outbox_event where tenant_id = ? and type = 'points.earned.v1'", [tenant.tenantId]);
    await platform.app.get(EventTransport).publish(rows.map(toIntegrationEvent));
    expect(await counted()).toBe(seen);
  });

  it('runs its jobs for the merchants that have it on', async () => {
    await runPluginJob(platform, PLUGIN, 'tally', new Date('2026-06-01T00:00:00Z'));
    const runs = await systemQuery<{ merchantId: string }>(platform, 'select merchant_id as "merchantId" from test_bonus_job_run where tenant_id = ?', [tenant.tenantId]);
    expect(runs).toEqual([{ merchantId: tenant.merchants[on].merchant.id }]);
  });

  it('adds member fields for the merchant’s staff, a sensitive one only with its permission', async () => {
    const admin = tenant.merchants[on].adminToken;
    const member = await gqlData(platform, admin, `{ member(id: "${memberId}") { member { testBonusVisits { orderNo } } } }`);
    expect(member.member.member.testBonusVisits.map((v: { orderNo: string }) => v.orderNo)).toEqual(['ON-1', 'REF-1', 'SET-1', 'V-1']);
    const secret = `{ member(id: "${memberId}") { member { testBonusSecret } } }`;
    expect(await gqlError(platform, admin, secret)).toEqual({ status: 403, code: 'FORBIDDEN' });
    const staff = await createStoreStaff(platform, tenant.merchants[on].stores[0].id);
    await grantPluginPermission(platform, admin, staff.staffId, PLUGIN, 'secret');
    expect((await gqlData(platform, staff.token, secret)).member.member.testBonusSecret).toBe(`secret of ${memberId}`);
    // The console reads who holds what: an admin sees the merchant's grants, the holder its own, another clerk none.
    const holders = '{ plugins { grants { staffId permission grantedBy } myPermissions } }';
    const seenByAdmin = (await gqlData(platform, admin, holders)).plugins[0];
    expect(seenByAdmin).toEqual({ grants: [{ staffId: staff.staffId, permission: 'secret', grantedBy: expect.any(String) }], myPermissions: [] });
    expect((await gqlData(platform, staff.token, holders)).plugins[0].myPermissions).toEqual(['secret']);
    expect((await gqlData(platform, tenant.merchants[on].clerkToken, holders)).plugins[0]).toEqual({ grants: [], myPermissions: [] });
    // The other merchant's admin cannot grant its permissions to this merchant's staff.
    const res = await gql(platform, tenant.merchants[off].adminToken, 'mutation($s: UUID!) { grantPluginPermission(staffId: $s, pluginId: "test-bonus", permission: "secret") { staffId } }', { s: staff.staffId });
    expect(res.body.errors[0].extensions.code).toMatch(/^(STAFF_NOT_FOUND|FORBIDDEN)$/);
    // An unknown permission is refused with a code.
    expect(
      await gqlError(platform, admin, 'mutation($s: UUID!) { grantPluginPermission(staffId: $s, pluginId: "test-bonus", permission: "root") { staffId } }', { s: staff.staffId }),
    ).toEqual({ status: 400, code: 'PLUGIN_PERMISSION_NOT_FOUND' });
  });

  it('lets an alliance operator manage a merchant of its alliance, and no other', async () => {
    const operator = tenant.operatorToken!;
    const state = await gqlData(platform, operator, `{ plugins(merchantId: "${tenant.merchants[on].merchant.id}") { enabled } }`);
    expect(state.plugins[0].enabled).toBe(true);
    const stranger = await createTenant(platform.app, { merchants: 1 });
    expect(await gqlError(platform, operator, `mutation { enablePlugin(pluginId: "test-bonus", merchantId: "${stranger.merchants[0].merchant.id}") { enabled } }`)).toEqual({
      status: 404,
      code: 'MERCHANT_NOT_FOUND',
    });
    expect(await gqlError(platform, tenant.merchants[off].adminToken, `mutation { enablePlugin(pluginId: "test-bonus", merchantId: "${tenant.merchants[on].merchant.id}") { enabled } }`)).toEqual({
      status: 403,
      code: 'FORBIDDEN',
    });
    expect(await gqlError(platform, tenant.merchants[on].clerkToken, 'mutation { disablePlugin(pluginId: "test-bonus") { enabled } }')).toEqual({ status: 403, code: 'FORBIDDEN' });
    expect(await gqlError(platform, operator, 'mutation { enablePlugin(pluginId: "no-such", merchantId: "00000000-0000-4000-8000-000000000000") { enabled } }')).toEqual({
      status: 400,
      code: 'PLUGIN_NOT_FOUND',
    });
  });

  it('has no effect once turned off again', async () => {
    await disablePlugin(platform, tenant.merchants[on].adminToken, PLUGIN);
    const res = await purchase(on, { orderNo: 'AFTER-1', amountFen: 15_000, lines: [{ sku: 'EXCLUDED', quantity: 1, amountFen: 15_000 }] });
    expect(res.body.pointsEarned).toBe(150);
    const [row] = await systemQuery<{ lines: { attributes?: unknown }[] }>(platform, 'select lines from purchase where id = ?', [res.body.purchaseId]);
    expect(row.lines[0].attributes).toBeUndefined();
    expect((await visitsOf()).map((v) => v.orderNo)).not.toContain('AFTER-1');
    expect(await runPluginJob(platform, PLUGIN, 'tally')).toBeGreaterThanOrEqual(0);
    expect((await systemQuery(platform, 'select 1 from test_bonus_job_run where tenant_id = ?', [tenant.tenantId])).length).toBe(1);
    const pos = await pluginPosPost(platform, tenant.merchants[on].posKeys[0], PLUGIN, 'visits', { phone, orderNo: 'V-9', amountFen: 100 });
    expect(pos.body.code).toBe('PLUGIN_NOT_ENABLED');
    // Its settings are kept for when it is turned on again.
    const [kept] = await systemQuery<{ settings: unknown }>(platform, 'select settings from plugin_enablement where merchant_id = ? and plugin_id = ?', [tenant.merchants[on].merchant.id, PLUGIN]);
    expect(kept.settings).toEqual({ bonusPoints: 7, excludedSku: 'EXCLUDED' });
  });
});
