import { UPLOAD_LIMIT } from '@loyalty/host';
import { drainOutbox, encodeGbk, gqlData, posPost, settleOutbox, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { consoleFixture, type StaffLogins } from './staff-logins';
import { can } from '../src/auth-provider';
import type { ConsoleDataProvider } from '../src/data-provider';
import { ApiError } from '../src/graphql';
import { HISTORY_UPLOAD_LIMIT } from '../src/api/operation-resources';
import { type PluginRecord, pluginRows } from '../src/api/plugin-resources';
import { formErrors, fromFormValues, type JsonSchema, toFormValues } from '../src/plugins/schema-values';

const list = (filter: Record<string, unknown> = {}) => ({ pagination: { page: 1, perPage: 50 }, sort: { field: 'id', order: 'ASC' as const }, filter });
const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';

/** Polls a record until it no longer runs, as the console's progress does. */
async function finished(data: ConsoleDataProvider, resource: string, id: string) {
  for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
    const { data: record } = await data.getOne(resource, { id });
    if (record.status !== 'running') return record;
  }
  throw new Error(`${resource} ${id} still running`);
}

/**
 * The data provider's plugin, history import and coupon campaign resources against the real
 * platform, and the pure parts of the generated settings form and plugin resources.
 */
describe('console data provider: plugins and long operations', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let emails: StaffLogins;
  let memberId: string;
  let admin: ConsoleDataProvider;
  let operator: ConsoleDataProvider;
  let clerk: ConsoleDataProvider;

  beforeAll(async () => {
    ({ platform, tenant, emails, admin, operator, clerk } = await consoleFixture({ EXPIRY_SWEEP_MS: '0' }));
    memberId = (await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone: uniquePhone(), name: '王药' })).body.id;
    await drainOutbox(platform);
  });
  afterAll(() => platform?.close());

  it('lists the plugins per merchant, turns one on, saves its settings or answers each bad field, and grants a permission', async () => {
    const merchantId = tenant.merchants[0].merchant.id;
    const { data } = await admin.getList<PluginRecord>('plugins', list({ merchantId }));
    // Every loaded plugin is listed, none on yet.
    expect(data.map((p) => p.id)).toEqual(expect.arrayContaining([`${merchantId}:pharmacy`, `${merchantId}:hotel`]));
    expect(data.filter((p) => p.enabled)).toEqual([]);
    expect(data.find((p) => p.id === `${merchantId}:pharmacy`)!.settingsLabels).toContainEqual({ path: 'refillLeadDays', label: { zhCN: '续药提醒提前天数', en: 'Refill reminder lead (days)' } });
    expect((await admin.setPluginEnabled(`${merchantId}:pharmacy`, true)).enabled).toBe(true);
    // The operator names the merchant, and sees the same.
    expect((await operator.getOne<PluginRecord>('plugins', { id: `${merchantId}:pharmacy` })).data.enabled).toBe(true);

    const bad = await admin.update('plugins', { id: `${merchantId}:pharmacy`, data: { settings: { refillLeadDays: 99, excludedCategories: ['rx', 'rx'] } }, previousData: {} }).catch((e) => e);
    expect(bad).toBeInstanceOf(ApiError);
    expect(bad.code).toBe('PLUGIN_SETTINGS_INVALID');
    expect(bad.details).toEqual(expect.arrayContaining([{ path: 'refillLeadDays', message: 'must be <= 30' }, expect.objectContaining({ path: 'excludedCategories' })]));
    const saved = await admin.update<PluginRecord>('plugins', { id: `${merchantId}:pharmacy`, data: { settings: { refillLeadDays: 7 } }, previousData: {} });
    expect(saved.data.settings).toEqual({ excludedCategories: ['prescription'], excludeInsurancePaid: true, refillLeadDays: 7 });

    const clerkId = (await clerk.me()).id;
    await admin.setPluginGrant({ staffId: String(clerkId), pluginId: 'pharmacy', permission: 'health-profile' }, true);
    const granted = (await admin.getOne<PluginRecord>('plugins', { id: `${merchantId}:pharmacy` })).data;
    expect(granted.grants).toEqual([{ staffId: clerkId, permission: 'health-profile', grantedBy: expect.any(String) }]);
    expect((await clerk.getOne<PluginRecord>('plugins', { id: `${merchantId}:pharmacy` })).data.myPermissions).toEqual(['health-profile']);

    // The console offers plugin administration to admins and operators, uploads and campaigns to a merchant's admin: as the API allows.
    expect(['PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'].map((role) => can({ role } as never, 'plugins', 'edit'))).toEqual([true, true, true, false]);
    expect(['ALLIANCE_OPERATOR', 'MERCHANT_ADMIN', 'STORE_STAFF'].map((role) => can({ role } as never, 'historyImport', 'create'))).toEqual([false, true, false]);

    // The granted clerk runs the pharmacy's member tab as the console does; the admin may not.
    const tab = granted.consoleResources.find((r) => r.name === 'health-profile')!;
    expect(await clerk.runPluginResource(tab, { memberId })).toEqual({ single: true, rows: [Object.fromEntries(tab.fields.map((f) => [f.path, undefined]))] });
    await expect(admin.runPluginResource(tab, { memberId })).rejects.toMatchObject({ code: 'FORBIDDEN' });
    await admin.setPluginGrant({ staffId: String(clerkId), pluginId: 'pharmacy', permission: 'health-profile' }, false);
    expect((await clerk.getOne<PluginRecord>('plugins', { id: `${merchantId}:pharmacy` })).data.myPermissions).toEqual([]);
  });

  it('reads a plugin resource’s rows: one record from the data’s root, or a row per item of its first list', () => {
    const field = (path: string) => ({ path, label: { zhCN: path, en: path }, format: 'text' });
    const profile = { fields: [field('member.member.profile.allergies'), field('member.member.profile.notes')] };
    expect(pluginRows(profile, { member: { member: { profile: { allergies: ['青霉素'], notes: null } } } })).toEqual({
      single: true,
      rows: [{ 'member.member.profile.allergies': ['青霉素'], 'member.member.profile.notes': null }],
    });
    const medications = { fields: [field('name'), field('dose.daily')] };
    expect(pluginRows(medications, { member: { member: { meds: [{ name: 'A', dose: { daily: 2 } }, { name: 'B', dose: null }] } } })).toEqual({
      single: false,
      rows: [
        { name: 'A', 'dose.daily': 2 },
        { name: 'B', 'dose.daily': undefined },
      ],
    });
    expect(pluginRows(medications, { member: { member: { meds: null } } })).toEqual({ single: false, rows: [] });
  });

  it('turns settings into form values and back (defaults, maps as rows), and server paths into form fields', async () => {
    const hotel = (await admin.getList<PluginRecord>('plugins', list({ merchantId: tenant.merchants[0].merchant.id }))).data.find((p) => p.pluginId === 'hotel')!;
    const schema = hotel.settingsSchema as JsonSchema;
    const form = toFormValues(schema, undefined) as { earnBasis: string; levels: { key: string; value: Record<string, unknown> }[] };
    expect(form.earnBasis).toBe('night');
    expect(form.levels.map((l) => l.key)).toEqual(['SILVER', 'GOLD', 'DIAMOND']);
    form.levels[1].value.lateCheckoutUntil = '';
    form.levels.push({ key: '', value: {} });
    const settings = fromFormValues(schema, form) as { levels: Record<string, Record<string, unknown>> };
    expect(Object.keys(settings.levels)).toEqual(['SILVER', 'GOLD', 'DIAMOND']);
    expect(settings.levels.GOLD).toEqual({ pointsPerNight: 150, amountMultiplierPermille: 1500, breakfastsPerNight: 2 });
    expect(formErrors(schema, form, [{ path: 'levels.GOLD.pointsPerNight', message: 'must be integer' }, { path: 'checkoutTime', message: 'must match pattern' }], 'settings')).toEqual({
      'settings.levels.1.value.pointsPerNight': 'must be integer',
      'settings.checkoutTime': 'must match pattern',
    });
  });

  it('starts a history import from an upload sent as it is (GBK here) and reads its progress to the end; a bad file is refused with its lines', async () => {
    const storeId = tenant.merchants[0].stores[0].id;
    const bad = await admin.create('historyImports', { data: { storeId, fileName: 'bad.csv', file: new Blob([`${HEADER}\nX1,S,N,1,not a date,1.00,70001,CN`]) } }).catch((e) => e);
    expect(bad).toMatchObject({ status: 422, code: 'IMPORT_ROWS_INVALID', details: [{ line: 2, reason: 'InvoiceDate is not a date (and time), year first (2011-10-06 16:20, 2011/10/6 16:20 or 2011-10-06)' }] });
    const file = new Blob([encodeGbk([HEADER, 'X1,S,狗粮,2,2026-05-01 10:00,5.00,70001,中国', 'X2,S,猫砂,1,2026-05-02 10:00,8.00,70002,中国'].join('\n'))]);
    const { data: started } = await admin.create('historyImports', { data: { storeId, fileName: 'ok.csv', file } });
    expect(started).toMatchObject({ status: 'running', rowsTotal: 2, invoicesTotal: 2, encoding: 'gb18030' });
    expect(await finished(admin, 'historyImports', String(started.id))).toMatchObject({ status: 'succeeded', invoicesDone: 2, purchases: 2, membersCreated: 2, fileName: 'ok.csv' });
    const { data: recent } = await operator.getList('historyImports', list({ merchantId: tenant.merchants[0].merchant.id }));
    expect(recent.map((j) => j.id)).toEqual([started.id]);
    await expect(clerk.create('historyImports', { data: { storeId, file } })).rejects.toMatchObject({ status: 403, code: 'FORBIDDEN' });
    // The limit the page checks a file against before reading it is the platform's.
    expect(HISTORY_UPLOAD_LIMIT).toBe(UPLOAD_LIMIT);
  });

  it('starts a coupon campaign to a segment and reads its progress to the end', async () => {
    const a = tenant.merchants[0];
    const templateId = (await admin.create('couponTemplates', { data: { merchantId: a.merchant.id, name: '十元券', kind: 'FIXED', amountOffFen: 1000, validDays: 30 } })).data.id;
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId, orderNo: 'CC-1', amountFen: 50_00 })).status).toBe(201);
    await settleOutbox(platform);
    await gqlData(platform, a.adminToken, 'mutation { refreshRfm { members } }');
    const segmentId = (await admin.create('segments', { data: { merchantId: a.merchant.id, name: '全部消费会员', minFrequency: 1 } })).data.id;
    const campaignId = crypto.randomUUID();
    const { data: started } = await admin.create('couponCampaigns', { data: { campaignId, segmentId, couponTemplateId: templateId } });
    expect(started.id).toBe(campaignId);
    expect(await finished(admin, 'couponCampaigns', campaignId)).toMatchObject({ status: 'done', total: started.total, done: started.total, issued: started.total, refused: 0 });
    expect(started.total).toBeGreaterThanOrEqual(1);
  });
});
