import { bootTestPlatform, createTenant, idemKey, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';

/**
 * Bad input against POS API v1: every mistake a cashier system can make gets a 4xx with a stable
 * code and message, never a 500, and nothing is written.
 */

/** Placeholders in a row's body or path, filled in once the fixtures exist. */
const MEMBER_ID = '$MEMBER_ID';
const MEMBER_PHONE = '$MEMBER_PHONE';
const ORDER_NO = '$ORDER_NO';
const WRONG_SECRET_KEY = '$WRONG_SECRET_KEY';
/** A phone nobody registers: only a wrongly accepted form-encoded body would. */
const FORM_PHONE = uniquePhone();
const UNKNOWN_UUID = '5b0b4c8e-0d7e-4c3a-9f1e-2a6f3b9c1d00';

interface Row {
  description: string;
  method: 'GET' | 'POST';
  path: string;
  /** Overrides the defaults (X-Api-Key, a fresh Idempotency-Key, JSON); null leaves a header out. */
  headers?: Record<string, string | null>;
  body?: unknown;
  /** Sent as is, instead of `body`. */
  raw?: string;
  status: number;
  code: string;
}

const post = (path: string, body: unknown, status: number, code: string, description: string, extra: Partial<Row> = {}): Row => ({
  description,
  method: 'POST',
  path,
  body,
  status,
  code,
  ...extra,
});
const get = (path: string, status: number, code: string, description: string, extra: Partial<Row> = {}): Row => ({ description, method: 'GET', path, status, code, ...extra });

const V = 'VALIDATION_FAILED';
const purchase = (over: Record<string, unknown>) => ({ memberId: MEMBER_ID, orderNo: 'BAD-1', amountFen: 1_000, ...over });
const withoutKey = (body: Record<string, unknown>, key: string) => Object.fromEntries(Object.entries(body).filter(([k]) => k !== key));
const line = (over: Record<string, unknown>) => ({ sku: 'SKU-1', name: '矿泉水', quantity: 1, amountFen: 300, ...over });
const future = () => new Date(Date.now() + 86_400_000).toISOString();
const twoMiB = 'x'.repeat(2 * 1024 * 1024);

const rows: Row[] = [
  // --- members: registration ---
  post('/members', {}, 400, V, 'register: missing phone'),
  post('/members', { phone: true }, 400, V, 'register: boolean phone'),
  post('/members', { phone: 13800138000 }, 400, V, 'register: numeric phone'),
  post('/members', { phone: '12345' }, 400, V, 'register: malformed phone (too short)'),
  post('/members', { phone: '23800138000' }, 400, V, 'register: malformed phone (does not start with 1)'),
  post('/members', { phone: '1380013800a' }, 400, V, 'register: malformed phone (letter)'),
  post('/members', { phone: MEMBER_PHONE, gender: 'robot' }, 400, V, 'register: unknown gender'),
  post('/members', { phone: MEMBER_PHONE, birthday: '2999-01-01' }, 400, V, 'register: birthday in the future'),
  post('/members', { phone: MEMBER_PHONE, birthday: '1990-13-45' }, 400, V, 'register: birthday not a date'),
  post('/members', { phone: MEMBER_PHONE, name: '' }, 400, V, 'register: empty name'),
  post('/members', { phone: MEMBER_PHONE, externalId: 'E'.repeat(65) }, 400, V, 'register: externalId 65 chars'),

  // --- purchases: required fields and types ---
  post('/purchases', withoutKey(purchase({}), 'amountFen'), 400, V, 'purchase: missing amountFen'),
  post('/purchases', withoutKey(purchase({}), 'orderNo'), 400, V, 'purchase: missing orderNo'),
  post('/purchases', { orderNo: 'BAD-1', amountFen: 1_000 }, 400, V, 'purchase: neither memberId nor phone'),
  post('/purchases', purchase({ phone: MEMBER_PHONE }), 400, V, 'purchase: both memberId and phone'),
  post('/purchases', purchase({ amountFen: '1000' }), 400, V, 'purchase: string amountFen'),
  post('/purchases', purchase({ amountFen: 12.5 }), 400, V, 'purchase: float amountFen 12.5'),
  post('/purchases', purchase({ amountFen: -1 }), 400, V, 'purchase: negative amountFen'),
  post('/purchases', purchase({ amountFen: 100_000_000_001 }), 400, V, 'purchase: amountFen above 100000000000'),
  post('/purchases', purchase({ amountFen: 1e300 }), 400, V, 'purchase: amountFen 1e300'),
  post('/purchases', null, 400, V, 'purchase: amountFen MAX_SAFE_INTEGER+2 as raw JSON', {
    raw: `{"memberId":"${MEMBER_ID}","orderNo":"BAD-1","amountFen":${(BigInt(Number.MAX_SAFE_INTEGER) + 2n).toString()}}`,
  }),
  post('/purchases', purchase({ amountFen: null }), 400, V, 'purchase: null amountFen'),
  post('/purchases', { phone: '1380013800', orderNo: 'BAD-1', amountFen: 100 }, 400, V, 'purchase: malformed phone'),
  post('/purchases', { phone: false, orderNo: 'BAD-1', amountFen: 100 }, 400, V, 'purchase: boolean phone'),
  post('/purchases', purchase({ memberId: 'not-a-uuid' }), 400, V, 'purchase: invalid uuid memberId'),
  post('/purchases', purchase({ memberId: UNKNOWN_UUID }), 404, 'MEMBER_NOT_FOUND', 'purchase: unknown member id'),
  post('/purchases', { phone: '13000000000', orderNo: 'BAD-1', amountFen: 100 }, 404, 'MEMBER_NOT_FOUND', 'purchase: unknown member phone'),
  post('/purchases', purchase({ occurredAt: future() }), 400, V, 'purchase: occurredAt a day in the future'),
  post('/purchases', purchase({ occurredAt: 'yesterday' }), 400, V, 'purchase: occurredAt not a date'),
  post('/purchases', purchase({ occurredAt: '2024-02-30T10:00:00Z' }), 400, V, 'purchase: occurredAt impossible date'),
  post('/purchases', purchase({ occurredAt: 1_700_000_000_000 }), 400, V, 'purchase: occurredAt as a number'),
  post('/purchases', purchase({ orderNo: '' }), 400, V, 'purchase: empty orderNo'),
  post('/purchases', purchase({ orderNo: '   ' }), 400, V, 'purchase: blank orderNo'),
  post('/purchases', purchase({ orderNo: 'O'.repeat(65) }), 400, V, 'purchase: orderNo 65 chars'),
  post('/purchases', purchase({ orderNo: 12345 }), 400, V, 'purchase: numeric orderNo'),

  // --- purchases: lines ---
  post('/purchases', purchase({ lines: 'many' }), 400, V, 'purchase: lines not an array'),
  post('/purchases', purchase({ lines: [line({ sku: '' })] }), 400, V, 'purchase: line with empty sku'),
  post('/purchases', purchase({ lines: [withoutKey(line({}), 'sku')] }), 400, V, 'purchase: line without sku'),
  post('/purchases', purchase({ lines: [line({ quantity: 0 })] }), 400, V, 'purchase: line quantity 0'),
  post('/purchases', purchase({ lines: [line({ quantity: '2' })] }), 400, V, 'purchase: line quantity a string'),
  post('/purchases', purchase({ lines: [line({ amountFen: -5 })] }), 400, V, 'purchase: line negative amountFen'),
  post('/purchases', purchase({ lines: [line({ amountFen: 1.5 })] }), 400, V, 'purchase: line float amountFen'),
  post('/purchases', purchase({ lines: [null] }), 400, V, 'purchase: null line'),
  post('/purchases', purchase({ lines: [42] }), 400, V, 'purchase: line a number'),
  post('/purchases', purchase({ lines: Array.from({ length: 501 }, () => line({})) }), 400, V, 'purchase: 501 lines'),

  // --- purchases: body shape and transport ---
  post('/purchases', [purchase({})], 400, V, 'purchase: body is a JSON array'),
  post('/purchases', null, 400, V, 'purchase: body is a bare JSON string', { raw: '"hello"' }),
  post('/purchases', null, 400, V, 'purchase: body is JSON null', { raw: 'null' }),
  post('/purchases', null, 400, V, 'purchase: body is a JSON number', { raw: '42' }),
  post('/purchases', null, 400, 'MALFORMED_JSON', 'purchase: truncated JSON', { raw: '{"phone":' }),
  post('/purchases', null, 400, 'MALFORMED_JSON', 'purchase: trailing comma JSON', { raw: '{"orderNo":"x",}' }),
  post('/purchases', null, 400, 'MALFORMED_JSON', 'purchase: empty body declared as JSON', { raw: '' }),
  post('/purchases', purchase({ note: twoMiB }), 413, 'PAYLOAD_TOO_LARGE', 'purchase: 2 MiB body'),
  post('/purchases', null, 415, 'UNSUPPORTED_MEDIA_TYPE', 'purchase: text/plain body', {
    raw: JSON.stringify(purchase({})),
    headers: { 'content-type': 'text/plain' },
  }),
  post('/purchases', null, 415, 'UNSUPPORTED_MEDIA_TYPE', 'purchase: form-encoded body', {
    raw: 'orderNo=x&amountFen=1',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  // A form-encoded body that would be valid as JSON must not be acted on either.
  post('/members', null, 415, 'UNSUPPORTED_MEDIA_TYPE', 'register: form-encoded body with a valid phone', {
    raw: `phone=${FORM_PHONE}`,
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),
  post('/refunds', null, 415, 'UNSUPPORTED_MEDIA_TYPE', 'refund: form-encoded body', {
    raw: 'orderNo=no-such-order',
    headers: { 'content-type': 'application/x-www-form-urlencoded' },
  }),

  // --- purchases: headers ---
  post('/purchases', purchase({}), 400, 'IDEMPOTENCY_KEY_REQUIRED', 'purchase: missing Idempotency-Key', { headers: { 'idempotency-key': null } }),
  post('/purchases', purchase({}), 400, V, 'purchase: Idempotency-Key of 200 chars', { headers: { 'idempotency-key': 'k'.repeat(200) } }),
  post('/purchases', purchase({}), 400, V, 'purchase: Idempotency-Key with a space', { headers: { 'idempotency-key': 'two words' } }),
  post('/purchases', purchase({}), 401, 'UNAUTHENTICATED', 'purchase: missing X-Api-Key', { headers: { 'x-api-key': null } }),
  post('/purchases', purchase({}), 401, 'UNAUTHENTICATED', 'purchase: malformed X-Api-Key', { headers: { 'x-api-key': 'garbage' } }),
  post('/purchases', purchase({}), 401, 'UNAUTHENTICATED', 'purchase: unknown X-Api-Key', { headers: { 'x-api-key': `pos_000000000000_${'A'.repeat(32)}` } }),
  post('/purchases', purchase({}), 401, 'UNAUTHENTICATED', 'purchase: real key prefix with a wrong secret', { headers: { 'x-api-key': WRONG_SECRET_KEY } }),

  // --- redemptions ---
  post('/redemptions', { memberId: MEMBER_ID, orderNo: 'R-1' }, 400, V, 'redeem: missing points'),
  post('/redemptions', { memberId: MEMBER_ID, points: 0, orderNo: 'R-1' }, 400, V, 'redeem: points 0'),
  post('/redemptions', { memberId: MEMBER_ID, points: -10, orderNo: 'R-1' }, 400, V, 'redeem: negative points'),
  post('/redemptions', { memberId: MEMBER_ID, points: 1.5, orderNo: 'R-1' }, 400, V, 'redeem: fractional points'),
  post('/redemptions', { memberId: MEMBER_ID, points: '10', orderNo: 'R-1' }, 400, V, 'redeem: string points'),
  post('/redemptions', { memberId: MEMBER_ID, points: 1e300, orderNo: 'R-1' }, 400, V, 'redeem: points 1e300'),
  post('/redemptions', { memberId: MEMBER_ID, phone: MEMBER_PHONE, points: 1, orderNo: 'R-1' }, 400, V, 'redeem: both memberId and phone'),
  post('/redemptions', { points: 1, orderNo: 'R-1' }, 400, V, 'redeem: neither memberId nor phone'),
  post('/redemptions', { memberId: MEMBER_ID, points: 1 }, 400, V, 'redeem: missing orderNo'),
  post('/redemptions', { memberId: 'abc', points: 1, orderNo: 'R-1' }, 400, V, 'redeem: invalid uuid memberId'),
  post('/redemptions', { memberId: UNKNOWN_UUID, points: 1, orderNo: 'R-1' }, 404, 'MEMBER_NOT_FOUND', 'redeem: unknown member'),
  post('/redemptions', { memberId: MEMBER_ID, points: 1, orderNo: 'R-1' }, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'redeem: missing Idempotency-Key', {
    headers: { 'idempotency-key': null },
  }),
  post('/redemptions', { memberId: MEMBER_ID, points: 1, orderNo: 'R-1' }, 401, 'UNAUTHENTICATED', 'redeem: missing X-Api-Key', { headers: { 'x-api-key': null } }),

  // --- refunds ---
  post('/refunds', {}, 400, V, 'refund: missing orderNo'),
  post('/refunds', { orderNo: '' }, 400, V, 'refund: empty orderNo'),
  post('/refunds', { orderNo: 'O'.repeat(65) }, 400, V, 'refund: orderNo 65 chars'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: 0 }, 400, V, 'refund: amountFen 0'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: -100 }, 400, V, 'refund: negative amountFen'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: 12.5 }, 400, V, 'refund: float amountFen'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: '100' }, 400, V, 'refund: string amountFen'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: 100_000_000_001 }, 400, V, 'refund: amountFen above the maximum'),
  post('/refunds', { orderNo: ORDER_NO, amountFen: 5_001 }, 422, 'REFUND_EXCEEDS_PURCHASE', 'refund: more than the order'),
  post('/refunds', { orderNo: 'no-such-order' }, 404, 'ORDER_NOT_FOUND', 'refund: unknown order'),
  post('/refunds', null, 400, 'MALFORMED_JSON', 'refund: truncated JSON', { raw: '{"orderNo":' }),
  post('/refunds', { orderNo: ORDER_NO }, 400, 'IDEMPOTENCY_KEY_REQUIRED', 'refund: missing Idempotency-Key', { headers: { 'idempotency-key': null } }),

  // --- returns ---
  post('/returns', { memberId: MEMBER_ID }, 400, V, 'return: missing amountFen'),
  post('/returns', { memberId: MEMBER_ID, amountFen: 0 }, 400, V, 'return: amountFen 0'),
  post('/returns', { memberId: MEMBER_ID, amountFen: -1 }, 400, V, 'return: negative amountFen'),
  post('/returns', { memberId: MEMBER_ID, amountFen: 1e300 }, 400, V, 'return: amountFen 1e300'),
  post('/returns', { memberId: MEMBER_ID, phone: MEMBER_PHONE, amountFen: 100 }, 400, V, 'return: both memberId and phone'),
  post('/returns', { amountFen: 100 }, 400, V, 'return: neither memberId nor phone'),
  post('/returns', { phone: '+86 12', amountFen: 100 }, 400, V, 'return: malformed phone'),
  post('/returns', { memberId: MEMBER_ID, amountFen: 100, occurredAt: future() }, 400, V, 'return: occurredAt in the future'),
  post('/returns', { memberId: MEMBER_ID, amountFen: 100, occurredAt: '2024-01-01' }, 400, V, 'return: occurredAt date without time'),
  post('/returns', { memberId: UNKNOWN_UUID, amountFen: 100 }, 404, 'MEMBER_NOT_FOUND', 'return: unknown member'),

  // --- member look-ups ---
  get(`/members/${UNKNOWN_UUID}`, 404, 'MEMBER_NOT_FOUND', 'GET member: unknown id'),
  get('/members/not-a-uuid', 400, V, 'GET member: invalid uuid'),
  get('/members?phone=12345', 400, V, 'GET members: malformed phone'),
  get('/members?phone=13000000000', 404, 'MEMBER_NOT_FOUND', 'GET members: unknown phone'),
  get('/members', 400, V, 'GET members: neither phone nor externalId'),
  get(`/members?externalId=${'E'.repeat(65)}`, 400, V, 'GET members: externalId 65 chars'),
  get(`/members/${MEMBER_ID}`, 401, 'UNAUTHENTICATED', 'GET member: missing X-Api-Key', { headers: { 'x-api-key': null } }),

  // --- routes ---
  get('/nope', 404, 'NOT_FOUND', 'unknown route under v1'),
  post('/purchase', purchase({}), 404, 'NOT_FOUND', 'misspelt write route'),
  get('/api/pos/v2/members?phone=13000000000', 404, 'NOT_FOUND', 'unknown API version'),
  get('/api/nothing-here', 404, 'NOT_FOUND', 'unknown route outside the POS API'),
];

describe('POS API v1: bad input (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;
  const fill: Record<string, string> = {};
  const before: Record<string, number> = {};

  const TABLES = ['purchase', 'purchase_return', 'member', 'ledger_transfer', 'idempotency_record'] as const;
  async function counts(): Promise<Record<string, number>> {
    const result: Record<string, number> = {};
    for (const table of TABLES) {
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, `select count(*) as count from ${table} where tenant_id = ?`, [tenant.tenantId]);
      result[table] = Number(count);
    }
    return result;
  }

  const substitute = (text: string) => text.replace(/\$MEMBER_ID|\$MEMBER_PHONE|\$ORDER_NO|\$WRONG_SECRET_KEY/g, (p) => fill[p]);
  const substituteBody = (body: unknown): unknown => (body === undefined ? undefined : JSON.parse(substitute(JSON.stringify(body))));

  function send(row: Row) {
    const url = row.path.startsWith('/api/') ? row.path : `/api/pos/v1${substitute(row.path)}`;
    const defaults: Record<string, string> =
      row.method === 'POST' ? { 'x-api-key': key, 'idempotency-key': idemKey(), 'content-type': 'application/json' } : { 'x-api-key': key };
    const headers: Record<string, string | null> = { ...defaults, ...row.headers };
    let call = row.method === 'POST' ? platform.http.post(url) : platform.http.get(url);
    for (const [name, value] of Object.entries(headers)) if (value !== null) call = call.set(name, substitute(value));
    if (row.method === 'GET') return call;
    if (row.raw !== undefined) return call.send(substitute(row.raw));
    return call.send(JSON.stringify(substituteBody(row.body)));
  }

  beforeAll(async () => {
    platform = await bootTestPlatform();
    tenant = await createTenant(platform.app, { merchants: 1 });
    key = tenant.merchants[0].posKeys[0];
    // A real member with a real order, so that rows naming them fail on their input alone.
    const phone = uniquePhone();
    const member = await posPost(platform, key, '/members', { phone, name: '坏输入' });
    expect(member.status).toBe(201);
    const orderNo = idemKey();
    expect((await posPost(platform, key, '/purchases', { memberId: member.body.id, orderNo, amountFen: 5_000 })).status).toBe(201);
    Object.assign(fill, { [MEMBER_ID]: member.body.id, [MEMBER_PHONE]: phone, [ORDER_NO]: orderNo, [WRONG_SECRET_KEY]: `${key.slice(0, 17)}${'A'.repeat(32)}` });
    Object.assign(before, await counts());
    expect(before).toMatchObject({ purchase: 1, member: 1, ledger_transfer: 1, idempotency_record: 2, purchase_return: 0 });
  });
  afterAll(() => platform.close());

  it.each(rows)('$description → $status $code', async (row) => {
    const res = await send(row);
    expect({ status: res.status, code: res.body?.code }).toEqual({ status: row.status, code: row.code });
    expect(res.status).toBeLessThan(500);
    expect(res.headers['content-type']).toMatch(/^application\/json/);
    expect(typeof res.body.code).toBe('string');
    expect(typeof res.body.message).toBe('string');
    expect(res.body.message.length).toBeGreaterThan(0);
  });

  it('lists every problem of a body at once, each with its path', async () => {
    const res = await posPost(platform, key, '/purchases', { memberId: 'x', phone: 'y', orderNo: '', amountFen: -1.5 });
    expect(res.status).toBe(400);
    expect(res.body.code).toBe('VALIDATION_FAILED');
    const paths = (res.body.details as { path: string; message: string }[]).map((d) => d.path);
    expect(paths).toEqual(expect.arrayContaining(['memberId', 'phone', 'orderNo', 'amountFen']));
    for (const detail of res.body.details) expect(typeof detail.message).toBe('string');
  });

  it('does not leak internals in error messages', async () => {
    const res = await posPost(platform, key, '/purchases', purchase({ memberId: UNKNOWN_UUID }));
    expect(res.status).toBe(404);
    expect(JSON.stringify(res.body)).not.toMatch(/select|insert|stack|at \w+ \(|node_modules/i);
  });

  it('accepts the same Idempotency-Key once the input is fixed, since a rejected write stored nothing', async () => {
    const k = idemKey();
    const bad = await posPost(platform, key, '/redemptions', { memberId: fill[MEMBER_ID], points: 0, orderNo: 'FIX-1' }, k);
    expect(bad.status).toBe(400);
    const unknown = await posPost(platform, key, '/redemptions', { memberId: UNKNOWN_UUID, points: 1, orderNo: 'FIX-1' }, k);
    expect(unknown.status).toBe(404);
    const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from idempotency_record where key = ?', [k]);
    expect(Number(count)).toBe(0);
  });

  it('left nothing half-written: no purchase, return, member, transfer or idempotency record', async () => {
    expect(await counts()).toEqual(before);
    // And the one real member is untouched: 50 points from the one good purchase.
    const [account] = await systemQuery<{ debits_posted: string | number; credits_posted: string | number }>(
      platform,
      `select debits_posted, credits_posted from ledger_account where owner_id = ? and code = 'MEMBER_POINTS'`,
      [fill[MEMBER_ID]],
    );
    expect({ debits: Number(account.debits_posted), credits: Number(account.credits_posted) }).toEqual({ debits: 0, credits: 50 });
  });
});
