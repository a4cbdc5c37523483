import { Db } from '@loyalty/database';
import { UPLOAD_LIMIT } from '@loyalty/host';
import { CommandBus } from '@nestjs/cqrs';
import { systemContext } from '@loyalty/shared';
import { CreateStoreCommand, TokenService } from '@loyalty/tenancy';
import { bootTestPlatform, createTenant, encodeGbk, gql, posGet, posPost, settleOutbox, systemQuery, type TenantFixture, type TestPlatform } from '@loyalty/testing';
import { StartHistoryImportCommand } from '../application/commands/start-history-import.command';
import { importHistory } from '../application/history-import/history-import';
import { HISTORY_IMPORT_OPTIONS, type HistoryImportOptions, HistoryImportRunner } from '../application/history-import/history-import.runner';

const HEADER = 'InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country';
/**
 * Three customers' purchases, one return, a walk-in sale and a free line: 7 rows, 4 invoices
 * imported (3 purchases and 1 return), 2 rows skipped, 3 members.
 */
const FILE = [
  HEADER,
  'A1001,85123A,WHITE HANGING HEART,6,2026-03-01 09:15,2.55,17850,United Kingdom',
  'A1001,71053,WHITE METAL LANTERN,6,2026-03-01 09:15,3.39,17850,United Kingdom',
  'A1002,84406B,CREAM CUPID HEARTS,8,2026-03-02 10:00,2.75,13047,United Kingdom',
  'A1003,22752,"SET 7 BABUSHKA NESTING BOXES, LARGE",2,2026-03-03 11:30,7.65,12583,France',
  'CA1004,85123A,WHITE HANGING HEART,-2,2026-03-04 12:00,2.55,17850,United Kingdom',
  'A1005,22633,HAND WARMER UNION JACK,6,2026-03-05 13:00,1.85,,United Kingdom',
  'A1006,POST,POSTAGE,1,2026-03-05 14:00,0,12583,France',
].join('\n');

const JOB = `id encoding status phase rowsTotal rowsRead invoicesTotal invoicesDone purchases returns membersCreated membersMatched alreadyImported
  skipped { walkIn priceNotPositive malformed } refused { code invoices } errors { line code message } errorCode errorMessage`;

/**
 * 历史导入 from the console: an uploaded CSV becomes a background job through the import use case,
 * whose progress GraphQL answers; a bad file is refused with a code and its lines, nothing written;
 * the same file again imports nothing twice. Real PostgreSQL, the booted platform.
 */
describe('history import jobs (POST /api/import/v1/history)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let storeId: string;
  let admin: string;

  const upload = (body: string | Buffer, options: { token?: string | null; store?: string; type?: string } = {}) => {
    const call = platform.http.post(`/api/import/v1/history?storeId=${options.store ?? storeId}&fileName=history.csv`).set('content-type', options.type ?? 'text/csv');
    const token = options.token === undefined ? admin : options.token;
    if (token) call.set('authorization', `Bearer ${token}`);
    return call.send(body);
  };
  const job = async (id: string) => {
    const res = await gql(platform, admin, `query($id: UUID!) { historyImport(id: $id) { ${JOB} } }`, { id });
    if (res.body.errors) throw new Error(JSON.stringify(res.body.errors));
    return res.body.data.historyImport;
  };
  const until = async (id: string, done: (state: { status: string; errorCode: string | null }) => boolean) => {
    for (const end = Date.now() + 60_000; Date.now() < end; await new Promise((r) => setTimeout(r, 100))) {
      const state = await job(id);
      if (done(state)) return state;
    }
    throw new Error(`import ${id} did not get there`);
  };
  const finished = (id: string) => until(id, (state) => state.status !== 'running');
  const countOf = async (sql: string) => Number((await systemQuery<{ n: string }>(platform, sql, [tenant.tenantId]))[0].n);
  const members = () => countOf('select count(*) as n from member where tenant_id = ?');
  const jobs = () => countOf('select count(*) as n from history_import_job where tenant_id = ?');

  beforeAll(async () => {
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    storeId = tenant.merchants[0].stores[0].id;
    admin = tenant.merchants[0].adminToken;
  });
  afterAll(() => platform.close());

  it('refuses a bad file with a code and its line numbers, writing nothing', async () => {
    const bad = await upload([HEADER, 'A2001,X,THING,two,2026-03-01 09:15,2.55,17850,UK', 'A2002,X,THING,1,2026-03-01 09:15,2.55,17851,UK', 'A2003,X,THING,1,yesterday,2.55,17852,UK'].join('\n'));
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({
      code: 'IMPORT_ROWS_INVALID',
      details: [
        { line: 2, reason: 'Quantity is not a non-zero whole number' },
        { line: 4, reason: 'InvoiceDate is not a date (and time), year first (2011-10-06 16:20, 2011/10/6 16:20 or 2011-10-06)' },
      ],
    });
    expect((await upload('Invoice,Stock\nA1,B')).body.code).toBe('IMPORT_HEADER_INVALID');
    expect((await upload('')).status).toBe(422);
    expect((await upload(HEADER)).body.code).toBe('IMPORT_FILE_EMPTY');
    const json = await upload(JSON.stringify({ rows: [] }), { type: 'application/json' });
    expect([json.status, json.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    // CSV is taken on the import route only.
    const elsewhere = await platform.http.post('/api/pos/v1/members').set('content-type', 'text/csv').send(FILE);
    expect([elsewhere.status, elsewhere.body.code]).toEqual([415, 'UNSUPPORTED_MEDIA_TYPE']);
    expect((await upload(FILE, { store: 'not-a-uuid' })).body.code).toBe('VALIDATION_FAILED');
    // Another merchant's store, a clerk, an operator and no token.
    expect((await upload(FILE, { store: tenant.merchants[1].stores[0].id })).body).toMatchObject({ code: 'STORE_NOT_FOUND' });
    expect((await upload(FILE, { token: tenant.merchants[0].clerkToken })).status).toBe(403);
    expect((await upload(FILE, { token: tenant.operatorToken })).status).toBe(403);
    expect((await upload(FILE, { token: null })).status).toBe(401);
    expect(await members()).toBe(0);
    expect(await jobs()).toBe(0);
  });

  it('imports a good file in the background, its progress and counts readable, and the same file again imports nothing twice', async () => {
    const started = await upload(FILE);
    expect(started.status).toBe(202);
    expect(started.body).toMatchObject({ status: 'running', rowsTotal: 7, invoicesTotal: 4, fileName: 'history.csv' });

    const first = await finished(started.body.id);
    expect(first).toEqual({
      id: started.body.id,
      encoding: 'utf-8',
      status: 'succeeded',
      phase: 'done',
      rowsTotal: 7,
      rowsRead: 7,
      invoicesTotal: 4,
      invoicesDone: 4,
      purchases: 3,
      returns: 1,
      membersCreated: 3,
      membersMatched: 0,
      alreadyImported: 0,
      skipped: { walkIn: 1, priceNotPositive: 1, malformed: 0 },
      refused: [],
      errors: [],
      errorCode: null,
      errorMessage: null,
    });
    expect(await members()).toBe(3);
    // 15.30 + 20.34 = 35.64 → 35 points for customer 17850's first invoice.
    const [earned] = await systemQuery<{ sum: string }>(platform, `select sum(points_earned) as sum from purchase where tenant_id = ?`, [tenant.tenantId]);
    expect(Number(earned.sum)).toBe(35 + 22 + 15);

    const again = await finished((await upload(FILE)).body.id);
    expect(again).toMatchObject({ status: 'succeeded', purchases: 0, returns: 0, membersCreated: 0, alreadyImported: 4 });
    expect(await members()).toBe(3);
    expect(await countOf('select count(*) as n from purchase where tenant_id = ?')).toBe(3);

    // The operator sees the merchant's imports, newest first.
    const listed = await gql(platform, tenant.operatorToken!, `query($m: UUID) { historyImports(merchantId: $m) { id status } }`, { m: tenant.merchants[0].merchant.id });
    expect(listed.body.data.historyImports.map((j: { id: string }) => j.id)).toEqual([again.id, first.id]);
    // The other merchant's admin does not.
    const other = await gql(platform, tenant.merchants[1].adminToken, `query($id: UUID!) { historyImport(id: $id) { id } }`, { id: first.id });
    expect(other.body.errors[0].extensions.code).toBe('IMPORT_NOT_FOUND');
  });

  it('takes one upload at a time per server (409 IMPORT_BUSY), a merchant admin\'s only (401, 403), none over the size limit (413), each refusal before the body is read', async () => {
    const before = await jobs();
    // Injected, not sent over a socket: the server answers before reading such a body and closes the connection.
    const overLimit = (headers: Record<string, string>, request: { method?: 'POST' | 'PUT'; url?: string } = {}) =>
      platform.app.getHttpAdapter().getInstance().inject({
        method: request.method ?? 'POST',
        url: request.url ?? `/api/import/v1/history?storeId=${storeId}`,
        headers: { 'content-type': 'text/csv', ...headers },
        payload: `${FILE}\n${'x'.repeat(UPLOAD_LIMIT)}`,
      });
    const refusal = async (headers: Record<string, string>) => {
      const res = await overLimit(headers);
      return [res.statusCode, res.json().code];
    };
    // Another import holds this process's slot: the file is not read (409, not 413), no job is made;
    // an upload admitted while the slot was free is refused by the use case itself.
    const releaseSlot = platform.app.get(HistoryImportRunner).claimSlot();
    try {
      expect(await refusal({ authorization: `Bearer ${admin}` })).toEqual([409, 'IMPORT_BUSY']);
      expect((await upload(FILE)).body.code).toBe('IMPORT_BUSY');
      const ctx = await platform.app.get(TokenService).verifyBearer(`Bearer ${admin}`, 'test');
      await expect(platform.app.get(CommandBus).execute(new StartHistoryImportCommand(ctx, { storeId }, { bytes: Buffer.from(FILE) }))).rejects.toMatchObject({ code: 'IMPORT_BUSY' });
      expect(await jobs()).toBe(before);
    } finally {
      releaseSlot();
    }
    // A CSV body to any other route (an unknown one under the upload prefix too), or sent by another method, is not read
    // either (415, not 413; GraphQL's in its own error shape).
    for (const request of [{ method: 'PUT' as const }, { url: `/api/import/v1/nothing?storeId=${storeId}` }, { url: '/graphql' }]) {
      const res = await overLimit({ authorization: `Bearer ${admin}` }, request);
      expect([res.statusCode, res.body.includes('"UNSUPPORTED_MEDIA_TYPE"')]).toEqual([415, true]);
    }
    // A refused file gives the slot back.
    expect((await upload(HEADER)).body.code).toBe('IMPORT_FILE_EMPTY');
    expect(await refusal({ authorization: `Bearer ${admin}` })).toEqual([413, 'PAYLOAD_TOO_LARGE']);
    // No token, a token that does not verify, a store clerk's: refused before the body is read.
    expect(await refusal({})).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refusal({ authorization: `Bearer ${admin}x` })).toEqual([401, 'UNAUTHENTICATED']);
    expect(await refusal({ authorization: `Bearer ${tenant.merchants[0].clerkToken}` })).toEqual([403, 'FORBIDDEN']);
    const started = await upload(FILE);
    expect(started.status).toBe(202);
    expect((await finished(started.body.id)).status).toBe('succeeded');
    expect(await jobs()).toBe(before + 1);
  });

  it('reads a file in GBK, as Excel on Chinese Windows saves a CSV, its names kept; a workbook, bytes not in the charset named and an unknown charset are refused, nothing written', async () => {
    const before = await jobs();
    const gbk = encodeGbk([HEADER, 'G1001,6901234,维生素C泡腾片（橙味）,2,2026-05-01 09:00,12.80,66601,中国'].join('\r\n'));
    const refusal = async (res: Promise<{ status: number; body: { code: string } }>) => [(await res).status, (await res).body.code];
    expect(await refusal(upload(Buffer.from('PK\x03\x04\x14\x00\x06\x00\x08\x00', 'latin1')))).toEqual([422, 'IMPORT_NOT_CSV']);
    expect(await refusal(upload(gbk, { type: 'text/csv; charset=utf-8' }))).toEqual([422, 'IMPORT_ENCODING_INVALID']);
    expect(await refusal(upload(gbk, { type: 'text/csv; charset=x-klingon' }))).toEqual([415, 'IMPORT_ENCODING_UNSUPPORTED']);
    expect(await jobs()).toBe(before);
    expect(await members()).toBe(3);

    const started = await upload(gbk);
    expect([started.status, started.body.encoding]).toEqual([202, 'gb18030']);
    expect(await finished(started.body.id)).toMatchObject({ status: 'succeeded', encoding: 'gb18030', purchases: 1, membersCreated: 1 });
    const [purchase] = await systemQuery<{ lines: unknown }>(platform, `select lines from purchase where tenant_id = ? and order_no = 'G1001'`, [tenant.tenantId]);
    expect(purchase.lines).toEqual([{ sku: '6901234', name: '维生素C泡腾片（橙味）', quantity: 2, amountFen: 2560 }]);
    // Named in the Content-Type, the same file is the same invoice: nothing imported twice.
    const named = await upload(gbk, { type: 'text/csv; charset="GBK"' });
    expect(await finished(named.body.id)).toMatchObject({ status: 'succeeded', encoding: 'gbk', purchases: 0, alreadyImported: 1 });
  });

  it('imports a Chinese POS export by its columns\' names, an invoice adding up below zero as a return (one starting with C as a sale when it adds up above), and names a header it cannot read', async () => {
    const header = '销售单号,门店,会员卡号,日期,时间,商品名称,商品编码,数量,单价（元）,金额';
    const missing = await upload(encodeGbk(['销售单号,会员卡号,日期,商品名称,数量,金额', 'XS-1,88001,2026/5/1,牛肉干,4,100.00'].join('\r\n')));
    expect([missing.status, missing.body.code, missing.body.details]).toEqual([422, 'IMPORT_HEADER_INVALID', expect.objectContaining({ missing: ['UnitPrice'], repeated: [] })]);
    // 门店 names the store the upload is for.
    const shop = tenant.merchants[0].stores[0].name;
    const file = encodeGbk(
      [
        header,
        `XS-0501-001,${shop},88001,2026/5/1,10:00,牛肉干,6901,4,25.00,100.00`,
        `TH-0502-001,${shop},88001,2026/5/2,11:00,牛肉干,6901,-1,25.00,-25.00`,
        `CS-0503-001,${shop},88001,2026/5/3,12:00,牛肉干,6901,1,25.00,25.00`,
      ].join('\r\n'),
    );
    const started = await upload(file);
    expect(started.body).toMatchObject({ rowsTotal: 3, invoicesTotal: 3 });
    expect(await finished(started.body.id)).toMatchObject({ status: 'succeeded', encoding: 'gb18030', purchases: 2, returns: 1, membersCreated: 1, errors: [] });
    // The return took back the 25 points its amount earns, and is no purchase; CS… is a sale.
    const bought = await systemQuery<{ order_no: string; points_earned: number }>(
      platform,
      `select order_no, points_earned from purchase where tenant_id = ? and order_no like '%-050_-001' order by order_no`,
      [tenant.tenantId],
    );
    expect(bought).toEqual([
      { order_no: 'CS-0503-001', points_earned: 25 },
      { order_no: 'XS-0501-001', points_earned: 100 },
    ]);
    const [returned] = await systemQuery<{ amount_fen: string; points_clawed_back: number }>(
      platform,
      `select r.amount_fen, r.points_clawed_back from purchase_return r join member_external_ref x on x.member_id = r.member_id where r.tenant_id = ? and x.external_id = '88001'`,
      [tenant.tenantId],
    );
    expect([Number(returned.amount_fen), Number(returned.points_clawed_back)]).toEqual([2500, 25]);
    const again = await upload(file);
    expect(await finished(again.body.id)).toMatchObject({ status: 'succeeded', purchases: 0, returns: 0, alreadyImported: 3 });
    // At the till the member is found by the customer number, and registers its phone with it.
    const posKey = tenant.merchants[0].posKeys[0];
    const found = await posGet(platform, posKey, '/members?externalId=88001');
    // 100 + 25 earned, 25 taken back by the return.
    expect([found.status, found.body.member.externalId, found.body.purchaseCount, found.body.pointsBalance]).toEqual([200, '88001', 2, 100]);
    const registered = await posPost(platform, posKey, '/members', { phone: '13800000088', externalId: '88001', name: '王五', birthday: '1985-02-03' });
    expect([registered.status, registered.body]).toEqual([200, expect.objectContaining({ id: found.body.member.id, phone: '13800000088', name: '王五', birthday: '1985-02-03', externalId: '88001' })]);
    const byPhone = await posGet(platform, posKey, '/members?phone=13800000088');
    expect([byPhone.body.member.id, byPhone.body.pointsBalance]).toEqual([found.body.member.id, 100]);
    // Given once: another phone for the number is another member's number.
    const otherPhone = await posPost(platform, posKey, '/members', { phone: '13800000089', externalId: '88001' });
    expect([otherPhone.status, otherPhone.body.code]).toEqual([409, 'EXTERNAL_ID_TAKEN']);
    await settleOutbox(platform);
    const [contact] = await systemQuery<{ phone: string; name: string; birthday: string }>(
      platform,
      `select phone, name, to_char(birthday, 'YYYY-MM-DD') as birthday from notifications.member_contact where member_id = ?`,
      [found.body.member.id],
    );
    expect(contact).toEqual({ phone: '13800000088', name: '王五', birthday: '1985-02-03' });
    const [registration] = await systemQuery<{ birthday: string }>(platform, `select to_char(birthday, 'YYYY-MM-DD') as birthday from insights.member_registration where member_id = ?`, [
      found.body.member.id,
    ]);
    expect(registration).toEqual({ birthday: '1985-02-03' });
  });

  it("reads customers' phones: a customer joins the member registered with its phone (here or at another merchant), customers of one phone share a member, a phone comes to a member imported without one; a masked phone is refused", async () => {
    const posKey = tenant.merchants[0].posKeys[0];
    // Registered at the alliance's other merchant before the import.
    const elsewhere = await posPost(platform, tenant.merchants[1].posKeys[0], '/members', { phone: '13900000001' });
    expect(elsewhere.status).toBe(201);
    const header = '销售单号,会员卡号,手机号,销售时间,商品名称,数量,单价';
    const masked = await upload(encodeGbk([header, 'PH-1,77001,139****0001,2026/6/1 10:00,牛奶,1,10.00'].join('\r\n')));
    expect([masked.status, masked.body.code, masked.body.details]).toEqual([422, 'IMPORT_ROWS_INVALID', [{ line: 2, reason: expect.stringContaining('masked') }]]);
    const before = await members();
    const file = encodeGbk(
      [
        header,
        'PH-1,77001,+86 139 0000 0001,2026/6/1 10:00,牛奶,1,10.00',
        'PH-2,77002,13900000002,2026/6/1 11:00,牛奶,1,10.00',
        'PH-3,77003,13900000003,2026/6/1 13:00,牛奶,1,10.00',
        'PH-4,77004,13900000003,2026/6/1 12:00,牛奶,1,10.00',
        'PH-5,77005,,2026/6/1 14:00,牛奶,1,10.00',
        'PH-9,77006,,2026/6/1 14:30,牛奶,1,10.00',
      ].join('\r\n'),
    );
    const started = await upload(file);
    expect(started.status).toBe(202);
    expect(await finished(started.body.id)).toMatchObject({ status: 'succeeded', purchases: 6, membersCreated: 4, membersMatched: 2, errors: [] });
    expect(await members()).toBe(before + 4);
    const linked = await systemQuery<{ external_id: string; phone: string | null }>(
      platform,
      `select x.external_id, m.phone from member_external_ref x join member m on m.id = x.member_id where x.merchant_id = ? and (x.external_id like '7700_') order by 1`,
      [tenant.merchants[0].merchant.id],
    );
    expect(linked).toEqual([
      { external_id: '77001', phone: '13900000001' },
      { external_id: '77002', phone: '13900000002' },
      { external_id: '77003', phone: '13900000003' },
      { external_id: '77004', phone: '13900000003' },
      { external_id: '77005', phone: null },
      { external_id: '77006', phone: null },
    ]);
    expect((await posGet(platform, posKey, '/members?externalId=77001')).body.member.id).toBe(elsewhere.body.id);
    // Customers of one phone share a member, which shows the number first seen (77004, on an earlier invoice), whichever is looked up.
    expect((await posGet(platform, posKey, '/members?externalId=77003')).body.member.externalId).toBe('77004');
    // Brought over, not new: registered with imported set, so no welcome.
    const registrations = await systemQuery<{ phone: string | null; imported: boolean }>(
      platform,
      `select payload->>'phone' as phone, (payload->>'imported')::boolean as imported from outbox_event where tenant_id = ? and type = 'member.registered.v1'
         and (payload->>'phone' in ('13900000002', '13900000003') or payload->>'registeredAt' in ('2026-06-01T06:00:00.000Z', '2026-06-01T06:30:00.000Z')) order by 1`,
      [tenant.tenantId],
    );
    expect(registrations).toEqual([
      { phone: '13900000002', imported: true },
      { phone: '13900000003', imported: true },
      { phone: null, imported: true },
      { phone: null, imported: true },
    ]);
    // At the till, a phone another member has is not given to a member imported without one.
    const taken = await posPost(platform, posKey, '/members', { phone: '13900000001', externalId: '77006' });
    expect([taken.status, taken.body.code]).toEqual([409, 'EXTERNAL_ID_TAKEN']);

    // A later file gives 77005 its phone; not another member's phone to 77006, nor a second phone to 77002.
    const later = encodeGbk(
      [header, 'PH-7,77005,13900000005,2026/6/2 10:00,牛奶,1,10.00', 'PH-8,77002,13900000009,2026/6/2 11:00,牛奶,1,10.00', 'PH-10,77006,13900000002,2026/6/2 12:00,牛奶,1,10.00'].join('\r\n'),
    );
    expect(await finished((await upload(later)).body.id)).toMatchObject({
      status: 'succeeded',
      purchases: 3,
      membersCreated: 0,
      membersMatched: 0,
      errors: [
        { line: 3, code: 'PHONE_NOT_TAKEN', message: "CustomerID 77002's member has the phone 139****0002, not 139****0009: a member's phone is not replaced" },
        { line: 4, code: 'PHONE_NOT_TAKEN', message: "CustomerID 77006's phone 139****0002 is another member's: members are not merged" },
      ],
    });
    expect((await posGet(platform, posKey, '/members?phone=13900000005')).body.member.externalId).toBe('77005');
    expect((await posGet(platform, posKey, '/members?phone=13900000009')).status).toBe(404);
    expect((await posGet(platform, posKey, '/members?externalId=77006')).body.member.phone).toBeNull();
    expect((await posGet(platform, posKey, '/members?phone=13900000002')).body.member.externalId).toBe('77002');
    // A clerk sees the store's members only: a phone registered at the merchant's other store is refused with a code, not a 500.
    expect((await posPost(platform, tenant.merchants[0].posKeys[1], '/members', { phone: '13900000021' })).status).toBe(201);
    const clerk = await gql(platform, tenant.merchants[0].clerkToken, 'mutation($i: RegisterMemberInput!) { registerMember(input: $i) { id } }', {
      i: { phone: '13900000021', externalId: '77006' },
    });
    expect(clerk.body.errors?.[0]?.extensions?.code).toBe('MEMBER_REGISTERED_ELSEWHERE');
    expect((await posGet(platform, posKey, '/members?externalId=77006')).body.member.phone).toBeNull();

    // A file without customer numbers knows its members by phone: the phone is the number.
    const byPhone = encodeGbk(
      ['单号,手机号,销售时间,商品名称,数量,单价', 'M-1,13900000011,2026/6/3 10:00,牛奶,1,10.00', 'M-2,,2026/6/3 11:00,牛奶,1,10.00', 'M-3,13900000001,2026/6/3 12:00,牛奶,1,10.00'].join('\r\n'),
    );
    expect(await finished((await upload(byPhone)).body.id)).toMatchObject({
      status: 'succeeded',
      purchases: 2,
      membersCreated: 1,
      membersMatched: 1,
      skipped: { walkIn: 1, priceNotPositive: 0, malformed: 0 },
    });
    const found = await posGet(platform, posKey, '/members?externalId=13900000011');
    expect([found.body.member.phone, found.body.purchaseCount]).toEqual(['13900000011', 1]);
    expect((await posGet(platform, posKey, '/members?externalId=13900000001')).body.member.id).toBe(elsewhere.body.id);
  });

  it('joins no more than five customer numbers into one member by a phone, over several files too: the sixth is a member of its own with its own profile, reported (a placeholder)', async () => {
    const first = ['会员号,手机号,单号,销售时间,数量,单价', ...[68001, 68002, 68003].map((n) => `${n},13900000081,H-${n},2026-08-01 09:00,1,10.00`)];
    expect(await finished((await upload(first.join('\n'))).body.id)).toMatchObject({ status: 'succeeded', membersCreated: 1, membersMatched: 2, errors: [] });
    const later = [
      '会员号,手机号,姓名,生日,单号,销售时间,数量,单价',
      '68004,13900000081,丁一,,H-68004,2026-08-02 09:00,1,10.00',
      '68005,13900000081,,,H-68005,2026-08-02 09:10,1,10.00',
      '68006,13900000081,王五,1985-05-05,H-68006,2026-08-02 09:20,1,10.00',
    ];
    expect(await finished((await upload(later.join('\n'))).body.id)).toMatchObject({
      status: 'succeeded',
      purchases: 3,
      membersCreated: 1,
      membersMatched: 2,
      errors: [
        {
          line: 4,
          code: 'PHONE_NOT_TAKEN',
          message: "CustomerID 68006's phone 139****0081 already names 5 customer numbers here, at most 5 join a member: a placeholder, not theirs? Made a member of its own without it",
        },
      ],
    });
    const members = await systemQuery<{ external_id: string; phone: string | null; name: string | null; numbers: number }>(
      platform,
      `select x.external_id, m.phone, m.name, (select count(*)::int from member_external_ref y where y.member_id = m.id) as numbers
       from member_external_ref x join member m on m.id = x.member_id where x.tenant_id = ? and x.external_id in ('68001', '68005', '68006') order by x.external_id`,
      [tenant.tenantId],
    );
    expect(members).toEqual([
      { external_id: '68001', phone: '13900000081', name: '丁一', numbers: 5 },
      { external_id: '68005', phone: '13900000081', name: '丁一', numbers: 5 },
      { external_id: '68006', phone: null, name: '王五', numbers: 1 },
    ]);
    // A file naming its customers by phone: the phone's own customer joins its member, five numbers or not.
    const byPhone = await finished((await upload('手机号,单号,销售时间,数量,单价\n13900000081,H-P1,2026-08-03 09:00,1,10.00')).body.id);
    expect(byPhone).toMatchObject({ status: 'succeeded', membersCreated: 0, membersMatched: 1, errors: [] });
    const [own] = await systemQuery<{ numbers: number }>(
      platform,
      `select count(*)::int as numbers from member_external_ref y where y.member_id = (select member_id from member_external_ref where tenant_id = ? and external_id = '13900000081')`,
      [tenant.tenantId],
    );
    expect(own).toEqual({ numbers: 6 });
  });

  it("gives members the file's names, genders and birthdays where they have none, never replacing a member's own nor taking another name's, and reports what it cannot read without refusing the file", async () => {
    const posKey = tenant.merchants[0].posKeys[0];
    // Registered at the till with a name and nothing else.
    for (const [phone, name] of [
      ['13900000071', '赵六'],
      ['13900000072', '郑十一'],
    ]) {
      expect((await posPost(platform, posKey, '/members', { phone, name })).status).toBe(201);
    }
    const header = '会员号,手机号,姓名,性别,生日,单号,销售时间,数量,单价';
    const first = [
      header,
      '67001,,钱七,女,1988-08-08,N-1,2026-07-01 09:00,1,10.00',
      '67002,13900000071,孙八,男,1971/2/3,N-2,2026-07-01 09:10,1,10.00',
      '67003,,周九,,1990/13/01,N-3,2026-07-01 09:20,1,10.00',
      '67004,,,,,N-4,2026-07-01 09:30,1,10.00',
      '67005,13900000072,郑十一,男,1972/3/15,N-5,2026-07-01 09:40,1,10.00',
    ].join('\n');
    expect(await finished((await upload(first)).body.id)).toMatchObject({
      status: 'succeeded',
      purchases: 5,
      membersCreated: 3,
      membersMatched: 2,
      errors: [
        {
          line: 4,
          code: 'PROFILE_NOT_TAKEN',
          message: "1 customer's birthday cells are not a past date, year first (1990-05-12 or 1990/5/12), e.g. 1990/13/01 (line 4): left out",
        },
        // Another name for the till's member of that phone: two people sharing a phone?
        { line: 3, code: 'PROFILE_NOT_TAKEN', message: "CustomerID 67002's name 孙八 is not their member's, 赵六: nothing of their profile taken" },
      ],
    });
    // Later, the same customer numbers with what the first file lacked: only a member without them takes them, and not under another name.
    const later = [header, '67004,,吴十,男,1995-03-04,N-6,2026-07-02 09:00,1,10.00', '67001,,钱七七,男,1999-09-09,N-7,2026-07-02 09:10,1,10.00'].join('\n');
    expect(await finished((await upload(later)).body.id)).toMatchObject({
      status: 'succeeded',
      purchases: 2,
      membersCreated: 0,
      errors: [{ line: 3, code: 'PROFILE_NOT_TAKEN', message: "CustomerID 67001's name 钱七七 is not their member's, 钱七: nothing of their profile taken" }],
    });
    const profiles = await systemQuery<{ external_id: string; name: string | null; gender: string; birthday: string | null; changes: number }>(
      platform,
      `select x.external_id, m.name, m.gender, to_char(m.birthday, 'YYYY-MM-DD') as birthday,
              (select count(*)::int from outbox_event e where e.type = 'member.profile-updated.v1' and e.payload->>'memberId' = m.id::text) as changes
       from member m join member_external_ref x on x.member_id = m.id where m.tenant_id = ? and x.external_id like '6700_' order by x.external_id`,
      [tenant.tenantId],
    );
    expect(profiles).toEqual([
      { external_id: '67001', name: '钱七', gender: 'female', birthday: '1988-08-08', changes: 0 },
      { external_id: '67002', name: '赵六', gender: 'unknown', birthday: null, changes: 0 },
      { external_id: '67003', name: '周九', gender: 'unknown', birthday: null, changes: 0 },
      { external_id: '67004', name: '吴十', gender: 'male', birthday: '1995-03-04', changes: 1 },
      { external_id: '67005', name: '郑十一', gender: 'male', birthday: '1972-03-15', changes: 1 },
    ]);
    // Notifications' contacts (birthday care) and insights' registrations follow, for members made and members given a profile.
    await settleOutbox(platform);
    const followed = await systemQuery<{ external_id: string; name: string | null; contact_birthday: string | null; gender: string; birthday: string | null }>(
      platform,
      `select x.external_id, c.name, to_char(c.birthday, 'YYYY-MM-DD') as contact_birthday, g.gender, to_char(g.birthday, 'YYYY-MM-DD') as birthday
       from member_external_ref x join notifications.member_contact c on c.member_id = x.member_id join insights.member_registration g on g.member_id = x.member_id
       where x.tenant_id = ? and x.external_id in ('67001', '67004', '67005') order by x.external_id`,
      [tenant.tenantId],
    );
    expect(followed).toEqual([
      { external_id: '67001', name: '钱七', contact_birthday: '1988-08-08', gender: 'female', birthday: '1988-08-08' },
      { external_id: '67004', name: '吴十', contact_birthday: '1995-03-04', gender: 'male', birthday: '1995-03-04' },
      { external_id: '67005', name: '郑十一', contact_birthday: '1972-03-15', gender: 'male', birthday: '1972-03-15' },
    ]);
    // Customers of one phone share a member: the profile of the first seen giving any, not a mix of theirs, though made members of one transaction apart.
    const shared = [header, '67006,13900000073,冯十二,,,N-8,2026-07-03 09:00,1,10.00', '67007,13900000073,,女,1980/5/5,N-9,2026-07-03 09:10,1,10.00'].join('\n');
    const summary = await importHistory(platform.app, { file: { bytes: Buffer.from(shared) }, merchantId: tenant.merchants[0].merchant.id, storeId, membersAtOnce: 1 });
    expect(summary).toMatchObject({ purchases: 2, membersCreated: 1, membersMatched: 1, notTaken: [] });
    const [sharing] = await systemQuery<{ name: string; gender: string; birthday: string | null }>(
      platform,
      `select m.name, m.gender, to_char(m.birthday, 'YYYY-MM-DD') as birthday from member m join member_external_ref x on x.member_id = m.id where x.tenant_id = ? and x.external_id = '67007'`,
      [tenant.tenantId],
    );
    expect(sharing).toEqual({ name: '冯十二', gender: 'unknown', birthday: null });
  });

  it("imports a chain's export of several stores, each sale at the store its row names and each new member registered where first seen; a store the merchant has none or two of, or a row naming none, refuses the file", async () => {
    const [own, franchise] = tenant.merchants[0].stores;
    const header = '单号,门店,会员号,销售时间,商品名称,数量,单价';
    const file = [
      header,
      // The same till number at both stores: two sales. 66002 is first seen at the franchise store.
      `K-1,${own.name},66001,2026-06-01 09:00,牛肉干,1,10.00`,
      `K-1,${franchise.name.toUpperCase()},66002,2026-06-01 09:05,牛肉干,2,10.00`,
      `K-2,${own.name},66002,2026-06-02 10:00,牛肉干,1,10.00`,
      `K-3,${own.name},66003,2026-06-03 11:00,牛肉干,1,10.00`,
    ].join('\n');
    const purchases = () => countOf(`select count(*) as n from purchase where tenant_id = ? and order_no like 'K-_'`);

    // A store of another merchant, and a name two of this merchant's stores share, name no one store: refused, nothing written.
    const commands = platform.app.get(CommandBus);
    const twin = `twin-${Date.now()}`;
    for (const kind of ['direct', 'franchise'] as const) await commands.execute(new CreateStoreCommand(systemContext('test'), { merchantId: tenant.merchants[0].merchant.id, name: twin, kind }));
    const [membersBefore, jobsBefore] = [await members(), await jobs()];
    const elsewhere = tenant.merchants[1].stores[0].name;
    const unknown = await upload(`${file}\nK-4,${elsewhere},66004,2026-06-04 12:00,牛肉干,1,10.00\nK-5,后海店,66004,2026-06-04 12:05,牛肉干,1,10.00\nK-6,${twin},66004,2026-06-04 12:10,牛肉干,1,10.00`);
    expect([unknown.status, unknown.body.code, unknown.body.details]).toEqual([
      422,
      'IMPORT_STORE_UNKNOWN',
      [
        { line: 6, store: elsewhere, reason: `Store ${elsewhere} is no store of this merchant` },
        { line: 7, store: '后海店', reason: 'Store 后海店 is no store of this merchant' },
        { line: 8, store: twin, reason: `Store ${twin} is the name of 2 of this merchant's stores` },
      ],
    ]);
    // The message names the merchant's stores as the console writes them.
    expect(unknown.body.message).toContain(franchise.name);
    const ambiguous = await upload(`${file}\nK-4,${twin},66004,2026-06-04 12:00,牛肉干,1,10.00`);
    expect([ambiguous.status, ambiguous.body.code, ambiguous.body.details]).toEqual([
      422,
      'IMPORT_STORE_AMBIGUOUS',
      [{ line: 6, store: twin, reason: `Store ${twin} is the name of 2 of this merchant's stores` }],
    ]);
    const unnamed = await upload(`${file}\nK-4,,66004,2026-06-04 12:00,牛肉干,1,10.00`);
    expect([unnamed.status, unnamed.body.code, unnamed.body.details]).toEqual([422, 'IMPORT_ROWS_INVALID', [{ line: 6, reason: expect.stringMatching(/^Store is empty/) }]]);
    // The command line's import (as the platform's own job, not under the merchant's row-level security) refuses alike.
    await expect(
      importHistory(platform.app, { file: { bytes: Buffer.from(`${file}\nK-4,${elsewhere},66004,2026-06-04 12:00,牛肉干,1,10.00`) }, merchantId: tenant.merchants[0].merchant.id, storeId: own.id }),
    ).rejects.toMatchObject({ code: 'IMPORT_STORE_UNKNOWN', details: [{ line: 6, store: elsewhere }] });
    expect([await members(), await jobs(), await purchases()]).toEqual([membersBefore, jobsBefore, 0]);

    const started = await upload(file, { store: own.id });
    expect(started.body).toMatchObject({ rowsTotal: 4, invoicesTotal: 4 });
    expect(await finished(started.body.id)).toMatchObject({ status: 'succeeded', purchases: 4, membersCreated: 3, errors: [] });
    const sales = await systemQuery<{ order_no: string; store_id: string; external_id: string }>(
      platform,
      `select p.order_no, p.store_id, x.external_id from purchase p join member_external_ref x on x.member_id = p.member_id
       where p.tenant_id = ? and p.order_no like 'K-_' order by p.occurred_at`,
      [tenant.tenantId],
    );
    expect(sales).toEqual([
      { order_no: 'K-1', store_id: own.id, external_id: '66001' },
      { order_no: 'K-1', store_id: franchise.id, external_id: '66002' },
      { order_no: 'K-2', store_id: own.id, external_id: '66002' },
      { order_no: 'K-3', store_id: own.id, external_id: '66003' },
    ]);
    const registered = await systemQuery<{ external_id: string; registered_store_id: string }>(
      platform,
      `select x.external_id, m.registered_store_id from member m join member_external_ref x on x.member_id = m.id where m.tenant_id = ? and x.external_id like '6600_' order by x.external_id`,
      [tenant.tenantId],
    );
    expect(registered).toEqual([
      { external_id: '66001', registered_store_id: own.id },
      { external_id: '66002', registered_store_id: franchise.id },
      { external_id: '66003', registered_store_id: own.id },
    ]);
    const [announced] = await systemQuery<{ store_id: string }>(
      platform,
      `select e.payload->>'storeId' as store_id from outbox_event e join member_external_ref x on x.member_id = (e.payload->>'memberId')::uuid
       where e.tenant_id = ? and e.type = 'member.registered.v1' and x.external_id = '66002'`,
      [tenant.tenantId],
    );
    expect(announced).toEqual({ store_id: franchise.id });
    // At the till: the franchise store finds its member by the customer number, and its sale by its own order number.
    const atFranchise = await posGet(platform, tenant.merchants[0].posKeys[1], '/members?externalId=66002');
    expect([atFranchise.status, atFranchise.body.purchaseCount]).toEqual([200, 2]);
    // Each invoice under its store's key: the same file again imports nothing twice.
    expect(await finished((await upload(file, { store: own.id })).body.id)).toMatchObject({ status: 'succeeded', purchases: 0, alreadyImported: 4 });
    expect(await purchases()).toBe(4);
  });

  it('records an invoice the POS use cases refuse with its line, the rest imported', async () => {
    // A1001 again with other content: its key was used with another body (IDEMPOTENCY_CONFLICT).
    const changed = [HEADER, 'A1001,85123A,WHITE HANGING HEART,7,2026-03-01 09:15,2.55,17850,United Kingdom', 'A3001,85123A,WHITE HANGING HEART,1,2026-03-06 09:15,2.55,17850,United Kingdom'].join('\n');
    const result = await finished((await upload(changed)).body.id);
    expect(result).toMatchObject({ status: 'succeeded', purchases: 1, refused: [{ code: 'IDEMPOTENCY_CONFLICT', invoices: 1 }], errors: [{ line: 2, code: 'IDEMPOTENCY_CONFLICT' }] });
  });

  it('reports an import that stops moving as IMPORT_STALLED while it runs, keeps its slot meanwhile, and clears the code once it moves again', async () => {
    const options = platform.app.get<HistoryImportOptions>(HISTORY_IMPORT_OPTIONS, { strict: false });
    const usual = options.stallAfterMs;
    /** Another session holding a table, until let go: the import's writes to it wait. */
    const holdTable = async (table: string) => {
      let letGo!: () => void;
      const released = new Promise<void>((resolve) => (letGo = resolve));
      let holding!: () => void;
      const held = new Promise<void>((resolve) => (holding = resolve));
      const done = platform.app.get(Db).asSystem(async (tx) => {
        await tx.execute(`lock table ${table} in exclusive mode`);
        holding();
        await released;
      });
      await held;
      return () => {
        letGo();
        return done;
      };
    };
    options.stallAfterMs = 1000;
    const letMembersGo = await holdTable('member');
    let letPurchasesGo: (() => Promise<void>) | undefined;
    let id: string;
    try {
      const started = await upload([HEADER, 'S1001,85123A,WHITE HANGING HEART,2,2026-04-01 09:00,2.55,55501,United Kingdom'].join('\n'));
      expect(started.status).toBe(202);
      id = started.body.id;
      // Its new member waits: no progress for a second.
      expect(await until(id, (state) => state.errorCode !== null)).toMatchObject({ status: 'running', errorCode: 'IMPORT_STALLED', invoicesDone: 0, purchases: 0 });
      // Its invoices are still on the heap and its writes may still go on: the slot stays taken.
      expect((await upload(FILE)).body.code).toBe('IMPORT_BUSY');
      // The member goes in (progress: the code is cleared), then its purchase waits, not reported again.
      options.stallAfterMs = usual;
      letPurchasesGo = await holdTable('purchase');
      await letMembersGo();
      expect(await until(id, (state) => state.errorCode === null)).toMatchObject({ status: 'running', errorMessage: null, membersCreated: 1, invoicesDone: 0 });
    } finally {
      options.stallAfterMs = usual;
      await letMembersGo();
      await letPurchasesGo?.();
    }
    expect(await finished(id)).toMatchObject({ status: 'succeeded', errorCode: null, invoicesDone: 1, purchases: 1, membersCreated: 1 });
    expect((await finished((await upload(FILE)).body.id)).status).toBe('succeeded');
  });

  it('fails a job whose process stopped answering, with a status and a code', async () => {
    const id = '00000000-0000-4000-8000-00000000a001';
    const { merchant } = tenant.merchants[0];
    await systemQuery(
      platform,
      `insert into history_import_job (id, tenant_id, merchant_id, store_id, status, phase, rows_total, rows_read, invoices_total, invoices_done, purchases, returns, members_created,
         already_imported, skipped, refused, errors, created_by, created_at, heartbeat_at)
       values (?, ?, ?, ?, 'running', 'invoices', 10, 10, 5, 2, 2, 0, 1, 0, '{}', '{}', '[]', 'test', now() - interval '10 minutes', now() - interval '5 minutes')`,
      [id, tenant.tenantId, merchant.id, storeId],
    );
    expect(await job(id)).toMatchObject({ status: 'failed', errorCode: 'IMPORT_INTERRUPTED', invoicesDone: 2, purchases: 2 });
  });
});
