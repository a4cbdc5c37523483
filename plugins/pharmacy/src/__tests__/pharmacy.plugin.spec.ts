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
  posPost,
  runPluginJob,
  settleOutbox,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

/**
 * The pharmacy plugin (药店) on the real platform and PostgreSQL: merchant 0 has it on, merchant 1
 * (same alliance) does not.
 */
describe('pharmacy plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let pharmacist: { staffId: string; token: string };
  let phone: string;
  let memberId: string;
  const [on, off] = [0, 1];
  /** This spec's merchants: the refill job runs for them only (the test database is shared). */
  const merchants = () => tenant.merchants.map((m) => m.merchant.id);

  const buy = (merchant: number, body: Record<string, unknown>, key?: string) => posPost(platform, tenant.merchants[merchant].posKeys[0], '/purchases', { phone, ...body }, key);
  /** ¥150: a prescription drug ¥50, an OTC medicine ¥80 of which 医保 paid ¥30, a health food ¥20. */
  const basket = [
    { sku: 'RX-METFORMIN', name: '二甲双胍', category: 'prescription', quantity: 1, amountFen: 5_000 },
    { sku: 'OTC-IBUPROFEN', name: '布洛芬', category: 'otc', quantity: 2, amountFen: 8_000, attributes: { insurancePaidFen: 3_000 } },
    { sku: 'HF-VITAMIN-C', name: '维生素C', category: 'health-food', quantity: 1, amountFen: 2_000 },
  ];
  const memberQuery = (fields: string) => `{ member(id: "${memberId}") { member { ${fields} } } }`;
  const medicationsOf = async (orderNo: string) =>
    (await gqlData(platform, pharmacist.token, memberQuery('pharmacyMedications { orderNo sku earningFen runsOutOn refillDueOn refillStatus }'))).member.member.pharmacyMedications.filter(
      (m: { orderNo: string }) => m.orderNo === orderNo,
    );

  beforeAll(async () => {
    platform = await bootPluginTestPlatform(['@loyalty/plugin-pharmacy']);
    tenant = await createTenant(platform.app, { merchants: 2 });
    phone = uniquePhone();
    memberId = (await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone })).body.id;
    await enablePlugin(platform, tenant.merchants[on].adminToken, 'pharmacy');
    // A pharmacist (药师): a clerk of the pharmacy whose admin granted the plugin's permissions.
    pharmacist = await createStoreStaff(platform, tenant.merchants[on].stores[0].id);
    for (const permission of ['health-profile', 'follow-up']) await grantPluginPermission(platform, tenant.merchants[on].adminToken, pharmacist.staffId, 'pharmacy', permission);
  });
  afterAll(() => platform.close());

  describe('earning', () => {
    it('excludes prescription drugs and the part paid by medical insurance, at the merchant that has it on only', async () => {
      const res = await buy(on, { orderNo: 'E-1', amountFen: 15_000, lines: basket });
      // Earning 分: 0 + (8,000 − 3,000) + 2,000 = 7,000 of 15,000, so 70 of the 150 points.
      expect(res.body).toMatchObject({ pointsEarned: 70 });
      const [purchase] = await systemQuery<{ lines: { attributes: Record<string, unknown> }[] }>(platform, 'select lines from purchase where id = ?', [res.body.purchaseId]);
      expect(purchase.lines.map((l) => l.attributes.pharmacyEarningFen)).toEqual([0, 5_000, 2_000]);

      const elsewhere = await buy(off, { orderNo: 'E-1', amountFen: 15_000, lines: basket });
      expect(elsewhere.body.pointsEarned).toBe(150);
      expect(await systemQuery(platform, 'select 1 from pharmacy_medication_purchase where merchant_id = ?', [tenant.merchants[off].merchant.id])).toEqual([]);
    });

    it('gives a purchase of prescription drugs alone no points, and keeps the points of an amount beyond the lines', async () => {
      const rx = await buy(on, { orderNo: 'E-2', amountFen: 5_000, lines: [basket[0]] });
      expect(rx.body).toMatchObject({ pointsEarned: 0, transferId: null });
      // ¥10 on top of the itemised ¥50 prescription (a service fee) still earns.
      const extra = await buy(on, { orderNo: 'E-3', amountFen: 6_000, lines: [basket[0]] });
      expect(extra.body.pointsEarned).toBe(10);
      // No lines: nothing to exclude.
      expect((await buy(on, { orderNo: 'E-4', amountFen: 4_999 })).body.pointsEarned).toBe(49);
    });

    it('follows the merchant’s settings', async () => {
      await gqlData(platform, tenant.merchants[on].adminToken, 'mutation { updatePluginSettings(pluginId: "pharmacy", settings: { excludedCategories: ["health-food"], excludeInsurancePaid: false }) { enabled } }');
      // Earning: 5,000 + 8,000 + 0 = 13,000 of 15,000.
      expect((await buy(on, { orderNo: 'E-5', amountFen: 15_000, lines: basket })).body.pointsEarned).toBe(130);
      await gqlData(platform, tenant.merchants[on].adminToken, 'mutation { updatePluginSettings(pluginId: "pharmacy", settings: {}) { settings } }');
      expect((await buy(on, { orderNo: 'E-6', amountFen: 15_000, lines: basket })).body.pointsEarned).toBe(70);
    });

    it('refuses a purchase whose pharmacy attributes it cannot use: 400, nothing recorded, the key free again', async () => {
      const key = idemKey();
      const bad = [{ ...basket[1], attributes: { insurancePaidFen: 9_000, dailyDose: -1 } }];
      const res = await buy(on, { orderNo: 'BAD-1', amountFen: 8_000, lines: bad }, key);
      expect(res.status).toBe(400);
      expect(res.body.code).toBe('VALIDATION_FAILED');
      expect(res.body.details.map((d: { path: string }) => d.path)).toEqual(['lines.0.attributes.insurancePaidFen', 'lines.0.attributes.dailyDose']);
      expect(await systemQuery(platform, "select 1 from purchase where order_no = 'BAD-1' and merchant_id = ?", [tenant.merchants[on].merchant.id])).toEqual([]);
      expect(await systemQuery(platform, "select 1 from pharmacy_medication_purchase where order_no = 'BAD-1'")).toEqual([]);
      expect((await buy(on, { orderNo: 'BAD-1', amountFen: 8_000, lines: [basket[1]] }, key)).status).toBe(201);
    });

    it('rejects bad settings with a code and each field, keeping the settings it had', async () => {
      const res = await gql(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "pharmacy", settings: $s) { settings } }', {
        s: { excludedCategories: 'prescription', refillLeadDays: 99, excludeInsurancePaid: 'yes' },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('PLUGIN_SETTINGS_INVALID');
      expect(res.body.errors[0].extensions.details.map((d: { path: string }) => d.path).sort()).toEqual(['excludeInsurancePaid', 'excludedCategories', 'refillLeadDays']);
      const { plugins } = await gqlData(platform, tenant.merchants[on].adminToken, '{ plugins { id settings } }');
      expect(plugins.find((p: { id: string }) => p.id === 'pharmacy').settings).toEqual({ excludedCategories: ['prescription'], excludeInsurancePaid: true, refillLeadDays: 3 });
    });
  });

  describe('health profile', () => {
    const setProfile = 'mutation($m: UUID!) { setPharmacyHealthProfile(memberId: $m, input: { chronicConditions: ["高血压", "2型糖尿病"], allergies: ["青霉素"] }) { chronicConditions allergies updatedBy } }';

    it('is recorded and read by a pharmacist', async () => {
      const saved = await gqlData(platform, pharmacist.token, setProfile, { m: memberId });
      expect(saved.setPharmacyHealthProfile).toEqual({ chronicConditions: ['高血压', '2型糖尿病'], allergies: ['青霉素'], updatedBy: pharmacist.staffId });
      const read = await gqlData(platform, pharmacist.token, memberQuery('pharmacyHealthProfile { chronicConditions allergies updatedAt }'));
      expect(read.member.member.pharmacyHealthProfile).toEqual({ chronicConditions: ['高血压', '2型糖尿病'], allergies: ['青霉素'], updatedAt: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/) });
      // The dates the console's tabs show come as GraphQL date-times.
      const medications = await gqlData(platform, pharmacist.token, memberQuery('pharmacyMedications { occurredAt }'));
      expect(medications.member.member.pharmacyMedications.map((line: { occurredAt: string }) => line.occurredAt)).toContainEqual(expect.stringMatching(/^\d{4}-\d{2}-\d{2}T/));
    });

    it('is hidden from staff without the permission, the merchant’s own admin included', async () => {
      for (const token of [tenant.merchants[on].adminToken, tenant.merchants[on].clerkToken]) {
        expect(await gqlError(platform, token, memberQuery('pharmacyHealthProfile { allergies }'))).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(await gqlError(platform, token, memberQuery('pharmacyMedications { sku }'))).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(await gqlError(platform, token, setProfile, { m: memberId })).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
      // What the member is otherwise is still there for them.
      expect((await gqlData(platform, tenant.merchants[on].clerkToken, memberQuery('id'))).member.member.id).toBe(memberId);
    });

    it('stays with its pharmacy: another merchant’s pharmacist does not see it', async () => {
      // The other pharmacy's admin (who sees the alliance's shared members) grants itself the permission.
      const admin = tenant.merchants[off].adminToken;
      await enablePlugin(platform, admin, 'pharmacy');
      await grantPluginPermission(platform, admin, JSON.parse(Buffer.from(admin.split('.')[1], 'base64url').toString()).sub, 'pharmacy', 'health-profile');
      const read = await gqlData(platform, admin, memberQuery('pharmacyHealthProfile { allergies } pharmacyMedications { sku }'));
      expect(read.member.member).toEqual({ pharmacyHealthProfile: null, pharmacyMedications: [] });
      await disablePlugin(platform, tenant.merchants[off].adminToken, 'pharmacy');
    });

    it('refuses bad input with a code', async () => {
      const tooLong = 'x'.repeat(101);
      const res = await gqlError(platform, pharmacist.token, `mutation($m: UUID!) { setPharmacyHealthProfile(memberId: $m, input: { chronicConditions: ["${tooLong}"], allergies: [] }) { allergies } }`, {
        m: memberId,
      });
      expect(res).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await gqlError(platform, pharmacist.token, setProfile, { m: '00000000-0000-4000-8000-000000000000' })).toEqual({ status: 404, code: 'MEMBER_NOT_FOUND' });
    });
  });

  describe('refill reminders', () => {
    // 23:30 UTC on 31 January is 1 February in Shanghai (the merchant's zone).
    const boughtAt = '2026-01-31T23:30:00.000Z';
    /** 2 packs of 30 tablets, 3 a day: 20 days, so it runs out on 21 February; the reminder is 3 days before. */
    const refill = { sku: 'RX-AMLODIPINE', name: '氨氯地平', category: 'prescription', quantity: 2, amountFen: 6_000, attributes: { dailyDose: 3, unitsPerPack: 30 } };
    const tasksFor = async (orderNo: string) =>
      systemQuery<{ dueOn: string; kind: string }>(
        platform,
        `select t.due_on::text as "dueOn", t.kind from pharmacy_follow_up_task t join pharmacy_medication_purchase m on m.id = t.medication_purchase_id where m.order_no = ? and m.merchant_id = ?`,
        [orderNo, tenant.merchants[on].merchant.id],
      );

    it('dates the refill from quantity and daily dose, in the merchant’s calendar', async () => {
      await buy(on, { orderNo: 'R-1', amountFen: 6_000, occurredAt: boughtAt, lines: [refill] });
      expect(await medicationsOf('R-1')).toEqual([{ orderNo: 'R-1', sku: 'RX-AMLODIPINE', earningFen: 0, runsOutOn: '2026-02-21', refillDueOn: '2026-02-18', refillStatus: 'pending' }]);
    });

    it('opens a pharmacist’s task and publishes an event when it falls due, once', async () => {
      expect(await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-02-17T15:59:00Z'), merchants())).toBe(1);
      expect(await tasksFor('R-1')).toEqual([]);
      await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-02-17T16:00:00Z'), merchants()); // 18 February, 00:00 in Shanghai
      await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-02-18T16:00:00Z'), merchants());
      expect(await tasksFor('R-1')).toEqual([{ dueOn: '2026-02-18', kind: 'refill' }]);
      expect((await medicationsOf('R-1'))[0].refillStatus).toBe('reminded');
      const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, "select payload from outbox_event where type = 'pharmacy.refill-due.v1' and key = ?", [memberId]);
      expect(events.map((e) => e.payload)).toEqual([
        expect.objectContaining({ memberId, merchantId: tenant.merchants[on].merchant.id, sku: 'RX-AMLODIPINE', runsOutOn: '2026-02-21', refillDueOn: '2026-02-18' }),
      ]);
      const tasks = await gqlData(platform, pharmacist.token, '{ pharmacyFollowUpTasks(status: "open") { memberId kind dueOn note createdAt } }');
      expect(tasks.pharmacyFollowUpTasks).toContainEqual({ memberId, kind: 'refill', dueOn: '2026-02-18', note: '续药提醒 Refill 氨氯地平: runs out on 2026-02-21', createdAt: expect.stringMatching(/^\d{4}-/) });
    });

    it('gives way to the next purchase of the medication, and is cancelled by a refund of its order', async () => {
      await buy(on, { orderNo: 'R-2', amountFen: 6_000, occurredAt: '2026-02-10T02:00:00.000Z', lines: [refill] });
      await buy(on, { orderNo: 'R-3', amountFen: 6_000, occurredAt: '2026-02-20T02:00:00.000Z', lines: [refill] });
      expect((await medicationsOf('R-2'))[0].refillStatus).toBe('superseded');
      expect(await medicationsOf('R-3')).toEqual([expect.objectContaining({ runsOutOn: '2026-03-12', refillDueOn: '2026-03-09', refillStatus: 'pending' })]);
      const refund = await posPost(platform, tenant.merchants[on].posKeys[0], '/refunds', { orderNo: 'R-3' });
      expect(refund.status).toBe(201);
      await settleOutbox(platform);
      expect((await medicationsOf('R-3'))[0].refillStatus).toBe('cancelled');
      await runPluginJob(platform, 'pharmacy', 'refill-reminders', new Date('2026-03-31T00:00:00Z'), merchants());
      expect(await tasksFor('R-2')).toEqual([]);
      expect(await tasksFor('R-3')).toEqual([]);
    });
  });

  describe('follow-up tasks', () => {
    it('are planned and closed by a pharmacist, not by staff without the permission', async () => {
      const created = await gqlData(platform, pharmacist.token, 'mutation($m: UUID!) { createPharmacyFollowUpTask(memberId: $m, dueOn: "2026-12-24", note: "回访血压") { id kind status } }', { m: memberId });
      expect(created.createPharmacyFollowUpTask).toMatchObject({ kind: 'follow-up', status: 'open' });
      const done = await gqlData(platform, pharmacist.token, 'mutation($id: UUID!) { completePharmacyFollowUpTask(id: $id, outcome: "血压平稳") { status outcome } }', {
        id: created.createPharmacyFollowUpTask.id,
      });
      expect(done.completePharmacyFollowUpTask).toEqual({ status: 'done', outcome: '血压平稳' });
      expect(await gqlError(platform, tenant.merchants[on].clerkToken, '{ pharmacyFollowUpTasks { id } }')).toEqual({ status: 403, code: 'FORBIDDEN' });
      expect(await gqlError(platform, pharmacist.token, 'mutation($m: UUID!) { createPharmacyFollowUpTask(memberId: $m, dueOn: "24.12.2026", note: "x") { id } }', { m: memberId })).toEqual({
        status: 400,
        code: 'VALIDATION_FAILED',
      });
    });
  });

  describe('turned off', () => {
    it('has no effect on the merchant’s members and transactions', async () => {
      await disablePlugin(platform, tenant.merchants[on].adminToken, 'pharmacy');
      const res = await buy(on, { orderNo: 'OFF-1', amountFen: 15_000, lines: basket });
      expect(res.body.pointsEarned).toBe(150);
      expect(await systemQuery(platform, "select 1 from pharmacy_medication_purchase where order_no = 'OFF-1'")).toEqual([]);
      expect(await gqlError(platform, pharmacist.token, '{ pharmacyFollowUpTasks { id } }')).toEqual({ status: 403, code: 'PLUGIN_NOT_ENABLED' });
      expect((await gqlData(platform, pharmacist.token, memberQuery('pharmacyHealthProfile { allergies }'))).member.member.pharmacyHealthProfile).toBeNull();
    });
  });
});
