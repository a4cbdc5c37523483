import { bootTestPlatform, gql, idemKey, platformAdminToken, posPost, systemQuery, type TestPlatform } from '@loyalty/testing';

/** GraphQL administration end to end: login, the organisation tree, POS keys, roles, bad input. */

const PASSWORD = 'correct-horse-battery';
let seq = 0;
const unique = (label: string) => `${label}-${process.pid}-${Date.now()}-${++seq}`;
const email = (label: string) => `${unique(label)}@gql.test.local`;

interface GqlError {
  message: string;
  extensions: { code: string; details?: unknown };
}

describe('GraphQL administration (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let root: string;

  beforeAll(async () => {
    platform = await bootTestPlatform();
    root = await platformAdminToken(platform.app);
  });
  afterAll(() => platform.close());

  /** A call that must succeed: 200 and no errors. */
  async function ok<T = Record<string, any>>(token: string | null, query: string, variables?: Record<string, unknown>): Promise<T> {
    const res = await gql(platform, token, query, variables);
    expect({ status: res.status, errors: res.body.errors }).toEqual({ status: 200, errors: undefined });
    return res.body.data as T;
  }

  /** A call that must fail with this status and code, in the one error shape. */
  async function fails(token: string | null, query: string, variables: Record<string, unknown> | undefined, status: number, code: string) {
    const res = await gql(platform, token, query, variables);
    const errors = res.body.errors as GqlError[];
    expect({ status: res.status, code: errors?.[0]?.extensions?.code }).toEqual({ status, code });
    expect(typeof errors[0].message).toBe('string');
    expect(errors[0].message.length).toBeGreaterThan(0);
    return { errors, data: res.body.data };
  }

  const LOGIN = `mutation($email: String!, $password: String!) {
    login(email: $email, password: $password) { token expiresAt staff { id email role tenantId merchantId storeId } }
  }`;
  const ME = `{ me { id email name role tenantId merchantId storeId } }`;
  const CREATE_ALLIANCE = `mutation($input: CreateAllianceInput!) { createAlliance(input: $input) { id name timezone } }`;
  const CREATE_MERCHANT = `mutation($input: CreateMerchantInput!) {
    createMerchant(input: $input) { id tenantId allianceId name industry timezone settings { earnRule { pointsPerYuan } pointsExpiryMonths } }
  }`;
  const CREATE_STORE = `mutation($input: CreateStoreInput!) { createStore(input: $input) { id merchantId name kind } }`;
  const CREATE_STAFF = `mutation($input: CreateStaffInput!) { createStaff(input: $input) { id email role tenantId merchantId storeId } }`;
  const ISSUE_KEY = `mutation($storeId: UUID!, $name: String) {
    issuePosApiKey(storeId: $storeId, name: $name) { key apiKey { id storeId merchantId name prefix revokedAt } }
  }`;
  const LIST_KEYS = `query($storeId: UUID) { posApiKeys(storeId: $storeId) { id storeId name prefix createdAt revokedAt } }`;
  const REVOKE_KEY = `mutation($id: UUID!) { revokePosApiKey(id: $id) { id prefix revokedAt } }`;
  const UPDATE_SETTINGS = `mutation($merchantId: UUID!, $settings: MerchantSettingsInput!) {
    updateMerchantSettings(merchantId: $merchantId, settings: $settings) { id settings { earnRule { pointsPerYuan } pointsExpiryMonths } }
  }`;
  const MEMBERS = `query($offset: Int, $limit: Int, $filter: MemberFilter) {
    members(offset: $offset, limit: $limit, filter: $filter) { total items { id phone name registeredMerchantId registeredStoreId } }
  }`;

  async function login(address: string, password = PASSWORD): Promise<string> {
    const data = await ok<{ login: { token: string } }>(null, LOGIN, { email: address, password });
    return data.login.token;
  }

  /** An alliance with one merchant and one store, built through the API by the platform admin. */
  async function organisation() {
    const { createAlliance: alliance } = await ok(root, CREATE_ALLIANCE, { input: { name: unique('联盟') } });
    const { createMerchant: merchant } = await ok(root, CREATE_MERCHANT, { input: { name: unique('药店'), industry: 'pharmacy', allianceId: alliance.id } });
    const { createStore: store } = await ok(root, CREATE_STORE, { input: { merchantId: merchant.id, name: unique('门店'), kind: 'direct' } });
    const adminEmail = email('admin');
    await ok(root, CREATE_STAFF, { input: { email: adminEmail, name: '店长', password: PASSWORD, role: 'MERCHANT_ADMIN', merchantId: merchant.id } });
    const adminToken = await login(adminEmail);
    const { issuePosApiKey } = await ok(adminToken, ISSUE_KEY, { storeId: store.id });
    return { alliance, merchant, store, adminEmail, adminToken, posKey: issuePosApiKey.key as string };
  }

  describe('login', () => {
    const address = email('login');

    beforeAll(async () => {
      await ok(root, CREATE_STAFF, { input: { email: address, name: '平台管理员', password: PASSWORD, role: 'PLATFORM_ADMIN' } });
    });

    it('returns a token for the right password, usable for me', async () => {
      const data = await ok(null, LOGIN, { email: address, password: PASSWORD });
      expect(data.login.token).toMatch(/^[\w-]+\.[\w-]+\.[\w-]+$/);
      expect(new Date(data.login.expiresAt).getTime()).toBeGreaterThan(Date.now());
      expect(data.login.staff).toMatchObject({ email: address, role: 'PLATFORM_ADMIN', tenantId: null });
      const { me } = await ok(data.login.token, ME);
      expect(me).toMatchObject({ id: data.login.staff.id, email: address, name: '平台管理员', role: 'PLATFORM_ADMIN' });
    });

    it('matches the e-mail case-insensitively', async () => {
      const token = await login(address.toUpperCase());
      expect((await ok(token, ME)).me.email).toBe(address);
    });

    it('refuses a wrong password or unknown e-mail alike, 401 UNAUTHENTICATED, and no token', async () => {
      const wrong = await fails(null, LOGIN, { email: address, password: 'correct-horse-battery!' }, 401, 'UNAUTHENTICATED');
      const unknown = await fails(null, LOGIN, { email: email('nobody'), password: PASSWORD }, 401, 'UNAUTHENTICATED');
      expect(wrong.data).toBeNull();
      expect(wrong.errors[0].message).toBe(unknown.errors[0].message);
      await fails(null, LOGIN, { email: address, password: '' }, 400, 'VALIDATION_FAILED');
    });

    it('answers me without a token, or with a forged one, 401 UNAUTHENTICATED', async () => {
      await fails(null, ME, undefined, 401, 'UNAUTHENTICATED');
      await fails('not.a.jwt', ME, undefined, 401, 'UNAUTHENTICATED');
      const token = await login(address);
      const [header, payload] = token.split('.');
      await fails(`${header}.${payload}.${'A'.repeat(43)}`, ME, undefined, 401, 'UNAUTHENTICATED');
    });
  });

  describe('organisation and POS keys', () => {
    it('lets a platform admin build alliance → merchant → store → merchant admin, and the admin issue and revoke a POS key', async () => {
      const { createAlliance: alliance } = await ok(root, CREATE_ALLIANCE, { input: { name: unique('联盟') } });
      expect(alliance).toMatchObject({ timezone: 'Asia/Shanghai' });
      const { createMerchant: merchant } = await ok(root, CREATE_MERCHANT, {
        input: { name: unique('宠物店'), industry: 'pet', allianceId: alliance.id, timezone: 'Asia/Urumqi' },
      });
      expect(merchant).toMatchObject({
        tenantId: alliance.id,
        allianceId: alliance.id,
        industry: 'pet',
        timezone: 'Asia/Urumqi',
        settings: { earnRule: { pointsPerYuan: 1 }, pointsExpiryMonths: 12 },
      });
      const { createStore: store } = await ok(root, CREATE_STORE, { input: { merchantId: merchant.id, name: unique('加盟店'), kind: 'franchise' } });
      expect(store).toMatchObject({ merchantId: merchant.id, kind: 'franchise' });

      const adminEmail = email('Merchant-Admin');
      const { createStaff: admin } = await ok(root, CREATE_STAFF, {
        input: { email: adminEmail, name: '店长', password: PASSWORD, role: 'MERCHANT_ADMIN', merchantId: merchant.id },
      });
      expect(admin).toMatchObject({ email: adminEmail.toLowerCase(), role: 'MERCHANT_ADMIN', tenantId: alliance.id, merchantId: merchant.id, storeId: null });
      const adminToken = await login(adminEmail);
      expect((await ok(adminToken, ME)).me).toMatchObject({ id: admin.id, merchantId: merchant.id });

      // The key is shown once, in the issuing response.
      const { issuePosApiKey: issued } = await ok(adminToken, ISSUE_KEY, { storeId: store.id, name: '收银台 1' });
      expect(issued.key).toMatch(/^pos_[0-9a-f]{12}_[\w-]{32}$/);
      expect(issued.apiKey).toMatchObject({ storeId: store.id, merchantId: merchant.id, name: '收银台 1', revokedAt: null });
      expect(issued.key.startsWith(`pos_${issued.apiKey.prefix}_`)).toBe(true);
      const secret = issued.key.slice(`pos_${issued.apiKey.prefix}_`.length);

      // Listed with its prefix, never its secret.
      const { posApiKeys } = await ok(adminToken, LIST_KEYS, { storeId: store.id });
      expect(posApiKeys).toEqual([expect.objectContaining({ id: issued.apiKey.id, prefix: issued.apiKey.prefix, revokedAt: null })]);
      expect(JSON.stringify(posApiKeys)).not.toContain(secret);
      const { __type } = await ok(adminToken, `{ __type(name: "PosApiKey") { fields { name } } }`);
      const fieldNames: string[] = __type.fields.map((f: { name: string }) => f.name);
      expect(fieldNames).toContain('prefix');
      expect(fieldNames.filter((name) => /^key$|secret|hash/i.test(name))).toEqual([]);
      const [row] = await systemQuery<{ secret_hash: string }>(platform, 'select secret_hash from pos_api_key where id = ?', [issued.apiKey.id]);
      expect(row.secret_hash).not.toContain(secret);

      // The key works at the till.
      const phone = '13712345678';
      const registered = await posPost(platform, issued.key, '/members', { phone, name: '王五' });
      expect(registered.status).toBe(201);
      expect(registered.body).toMatchObject({ phone, registeredMerchantId: merchant.id, registeredStoreId: store.id });

      // Revoked, it stops working at once.
      const { revokePosApiKey: revoked } = await ok(adminToken, REVOKE_KEY, { id: issued.apiKey.id });
      expect(revoked.revokedAt).not.toBeNull();
      const after = await posPost(platform, issued.key, '/members', { phone: '13712345679' });
      expect(after.status).toBe(401);
      expect(after.body.code).toBe('UNAUTHENTICATED');
      expect((await ok(adminToken, LIST_KEYS, { storeId: store.id })).posApiKeys[0].revokedAt).not.toBeNull();
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from member where tenant_id = ?', [alliance.id]);
      expect(Number(count)).toBe(1);
    });

    it('refuses to revoke an unknown key (404) or a malformed id (400)', async () => {
      await fails(root, REVOKE_KEY, { id: '5b0b4c8e-0d7e-4c3a-9f1e-2a6f3b9c1d00' }, 404, 'POS_API_KEY_NOT_FOUND');
      await fails(root, REVOKE_KEY, { id: 'nope' }, 400, 'VALIDATION_FAILED');
    });
  });

  describe('roles', () => {
    it('forbids a merchant admin to create an alliance, to grant ALLIANCE_OPERATOR or PLATFORM_ADMIN', async () => {
      const org = await organisation();
      const res = await fails(org.adminToken, CREATE_ALLIANCE, { input: { name: unique('偷偷') } }, 403, 'FORBIDDEN');
      expect(res.data).toBeNull();
      const operator = email('operator');
      await fails(
        org.adminToken,
        CREATE_STAFF,
        { input: { email: operator, name: 'op', password: PASSWORD, role: 'ALLIANCE_OPERATOR', allianceId: org.alliance.id } },
        403,
        'FORBIDDEN',
      );
      await fails(org.adminToken, CREATE_STAFF, { input: { email: email('root'), name: 'r', password: PASSWORD, role: 'PLATFORM_ADMIN' } }, 403, 'FORBIDDEN');
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from staff where email = ?', [operator]);
      expect(Number(count)).toBe(0);
    });

    it('lets a merchant admin add a clerk, and forbids the clerk to create a store or issue a key', async () => {
      const org = await organisation();
      const clerkEmail = email('clerk');
      const { createStaff: clerk } = await ok(org.adminToken, CREATE_STAFF, {
        input: { email: clerkEmail, name: '收银员', password: PASSWORD, role: 'STORE_STAFF', storeId: org.store.id },
      });
      expect(clerk).toMatchObject({ role: 'STORE_STAFF', storeId: org.store.id, merchantId: org.merchant.id });
      const clerkToken = await login(clerkEmail);
      await fails(clerkToken, CREATE_STORE, { input: { merchantId: org.merchant.id, name: unique('门店'), kind: 'direct' } }, 403, 'FORBIDDEN');
      await fails(clerkToken, ISSUE_KEY, { storeId: org.store.id }, 403, 'FORBIDDEN');
      await fails(clerkToken, CREATE_STAFF, { input: { email: email('x'), name: 'x', password: PASSWORD, role: 'STORE_STAFF', storeId: org.store.id } }, 403, 'FORBIDDEN');
      await fails(clerkToken, UPDATE_SETTINGS, { merchantId: org.merchant.id, settings: { earnRule: { pointsPerYuan: 100 } } }, 403, 'FORBIDDEN');
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from store where merchant_id = ?', [org.merchant.id]);
      expect(Number(count)).toBe(1);
    });

    it('keeps a merchant admin out of another merchant: its stores, keys and settings', async () => {
      const mine = await organisation();
      const theirs = await organisation();
      await fails(mine.adminToken, CREATE_STORE, { input: { merchantId: theirs.merchant.id, name: unique('门店'), kind: 'direct' } }, 404, 'MERCHANT_NOT_FOUND');
      await fails(mine.adminToken, ISSUE_KEY, { storeId: theirs.store.id }, 404, 'STORE_NOT_FOUND');
      await fails(mine.adminToken, UPDATE_SETTINGS, { merchantId: theirs.merchant.id, settings: { earnRule: { pointsPerYuan: 0 } } }, 403, 'FORBIDDEN');
      expect((await ok(mine.adminToken, LIST_KEYS, { storeId: theirs.store.id })).posApiKeys).toEqual([]);
    });
  });

  describe('bad input', () => {
    it('answers createAlliance with an empty or blank name or an unknown time zone 400 VALIDATION_FAILED, creating nothing', async () => {
      const inputs = [{ name: '' }, { name: '   ' }, { name: 'x'.repeat(201) }, { name: unique('火星联盟'), timezone: 'Mars/Base' }];
      for (const input of inputs) {
        const { errors, data } = await fails(root, CREATE_ALLIANCE, { input }, 400, 'VALIDATION_FAILED');
        expect(data).toBeNull();
        expect(errors[0].extensions.details).toEqual(expect.arrayContaining([expect.objectContaining({ path: expect.any(String), message: expect.any(String) })]));
      }
      const names = inputs.map((input) => input.name);
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, `select count(*) as count from alliance where trim(name) = '' or name in (${names.map(() => '?').join(', ')})`, names);
      expect(Number(count)).toBe(0);
    });

    it('answers createMerchant with bad settings, time zone or alliance 4xx', async () => {
      const { createAlliance: alliance } = await ok(root, CREATE_ALLIANCE, { input: { name: unique('联盟') } });
      const base = { name: unique('药店'), industry: 'pharmacy', allianceId: alliance.id };
      for (const input of [
        { ...base, settings: { earnRule: { pointsPerYuan: -1 } } },
        { ...base, settings: { earnRule: { pointsPerYuan: 1001 } } },
        { ...base, settings: { pointsExpiryMonths: 0 } },
        { ...base, timezone: 'Mars/Base' },
        { ...base, industry: '' },
        { ...base, allianceId: 'not-a-uuid' },
      ]) {
        await fails(root, CREATE_MERCHANT, { input }, 400, 'VALIDATION_FAILED');
      }
      await fails(root, CREATE_MERCHANT, { input: { ...base, allianceId: '5b0b4c8e-0d7e-4c3a-9f1e-2a6f3b9c1d00' } }, 400, 'ALLIANCE_NOT_FOUND');
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from merchant where tenant_id = ?', [alliance.id]);
      expect(Number(count)).toBe(0);
    });

    it('answers createStaff with a short password or bad e-mail VALIDATION_FAILED, and a taken e-mail 409 EMAIL_TAKEN', async () => {
      const org = await organisation();
      const address = email('staff');
      const input = { email: address, name: '员工', password: PASSWORD, role: 'STORE_STAFF', storeId: org.store.id };
      await fails(org.adminToken, CREATE_STAFF, { input: { ...input, password: 'short' } }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, CREATE_STAFF, { input: { ...input, email: 'not-an-email' } }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, CREATE_STAFF, { input: { ...input, storeId: 'abc' } }, 400, 'VALIDATION_FAILED');
      await ok(org.adminToken, CREATE_STAFF, { input });
      await fails(org.adminToken, CREATE_STAFF, { input }, 409, 'EMAIL_TAKEN');
      await fails(root, CREATE_STAFF, { input: { ...input, email: address.toUpperCase() } }, 409, 'EMAIL_TAKEN');
      const [{ count }] = await systemQuery<{ count: string | number }>(platform, 'select count(*) as count from staff where email = ?', [address]);
      expect(Number(count)).toBe(1);
    });

    // GraphQL's own errors (parse, validation, variables): 400, the formatter's GRAPHQL_VALIDATION_FAILED
    // code, and a message that says what is wrong, not one generic text for every mistake.
    it.each([
      { what: 'a syntax error', query: '{ me { id ', variables: undefined, message: /Syntax Error/ },
      { what: 'an unterminated mutation', query: 'mutation { createAlliance(input: { name: "x" }) { id', variables: undefined, message: /Syntax Error/ },
      { what: 'an unknown field', query: '{ me { noSuchField } }', variables: undefined, message: /noSuchField/ },
      { what: 'asking a POS key for its secret', query: '{ posApiKeys { id key } }', variables: undefined, message: /"key"/ },
      { what: 'a literal of the wrong type', query: '{ members(limit: "ten") { total } }', variables: undefined, message: /Int/ },
      { what: 'a variable of the wrong type', query: MEMBERS, variables: { limit: 'ten' }, message: /\$limit/ },
      {
        what: 'an unknown enum value',
        query: CREATE_STAFF,
        variables: { input: { email: 'god@gql.test.local', name: 'god', password: PASSWORD, role: 'GOD' } },
        message: /GOD/,
      },
      { what: 'a missing required argument', query: 'mutation { revokePosApiKey { id } }', variables: undefined, message: /"id"/ },
    ])('answers $what 400 GRAPHQL_VALIDATION_FAILED with a message naming the problem', async ({ query, variables, message }) => {
      const res = await gql(platform, root, query, variables as Record<string, unknown> | undefined);
      expect(res.status).toBe(400);
      expect(res.body.data ?? null).toBeNull();
      const [error] = res.body.errors as GqlError[];
      expect(error.extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
      expect(error.message).toMatch(message);
    });

    it('answers a request that is not GraphQL at all 4xx, never 500', async () => {
      const empty = await platform.http.post('/graphql').set('content-type', 'application/json').set('authorization', `Bearer ${root}`).send('{}');
      expect(empty.status).toBe(400);
      expect(typeof (empty.body.code ?? empty.body.errors?.[0]?.extensions?.code)).toBe('string');
      const malformed = await platform.http.post('/graphql').set('content-type', 'application/json').send('{"query": ');
      expect(malformed.status).toBe(400);
      expect(malformed.body.code ?? malformed.body.errors?.[0]?.extensions?.code).toBe('MALFORMED_JSON');
    });
  });

  describe('merchant settings and members', () => {
    it('updateMerchantSettings changes the earn rule the POS then earns by', async () => {
      const org = await organisation();
      const { updateMerchantSettings } = await ok(org.adminToken, UPDATE_SETTINGS, {
        merchantId: org.merchant.id,
        settings: { earnRule: { pointsPerYuan: 2 }, pointsExpiryMonths: 6 },
      });
      expect(updateMerchantSettings.settings).toEqual({ earnRule: { pointsPerYuan: 2 }, pointsExpiryMonths: 6 });
      expect((await ok(root, `{ merchants { id settings { earnRule { pointsPerYuan } } } }`)).merchants).toEqual(
        expect.arrayContaining([{ id: org.merchant.id, settings: { earnRule: { pointsPerYuan: 2 } } }]),
      );

      const member = await posPost(platform, org.posKey, '/members', { phone: '13800001111' });
      expect(member.status).toBe(201);
      const purchase = await posPost(platform, org.posKey, '/purchases', { memberId: member.body.id, orderNo: idemKey(), amountFen: 12_399 });
      expect(purchase.status).toBe(201);
      // 123 whole yuan × 2.
      expect(purchase.body).toMatchObject({ pointsEarned: 246, pointsBalance: 246 });
      const inSixMonths = new Date();
      inSixMonths.setUTCMonth(inSixMonths.getUTCMonth() + 6);
      expect(Math.abs(new Date(purchase.body.expiresAt).getTime() - inSixMonths.getTime())).toBeLessThan(2 * 86_400_000);

      // Bad settings are refused and change nothing.
      await fails(org.adminToken, UPDATE_SETTINGS, { merchantId: org.merchant.id, settings: { earnRule: { pointsPerYuan: -1 } } }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, UPDATE_SETTINGS, { merchantId: org.merchant.id, settings: { pointsExpiryMonths: 121 } }, 400, 'VALIDATION_FAILED');
      const next = await posPost(platform, org.posKey, '/purchases', { memberId: member.body.id, orderNo: idemKey(), amountFen: 1_000 });
      expect(next.body.pointsEarned).toBe(20);

      // A partial change keeps what it does not name.
      const partial = await ok(org.adminToken, UPDATE_SETTINGS, { merchantId: org.merchant.id, settings: { pointsExpiryMonths: 24 } });
      expect(partial.updateMerchantSettings.settings).toEqual({ earnRule: { pointsPerYuan: 2 }, pointsExpiryMonths: 24 });
    });

    it('opens a member 360 view by id, phone or the merchant’s external id, exactly one of them', async () => {
      const org = await organisation();
      const registered = await posPost(platform, org.posKey, '/members', { phone: '13800002222', externalId: 'OLD-42' });
      await posPost(platform, org.posKey, '/purchases', { memberId: registered.body.id, orderNo: idemKey(), amountFen: 5_000 });
      const query = 'query($id: UUID, $phone: String, $externalId: String) { member(id: $id, phone: $phone, externalId: $externalId) { member { id } externalId pointsBalance purchaseCount } }';
      for (const variables of [{ id: registered.body.id }, { phone: '13800002222' }, { externalId: 'OLD-42' }]) {
        const { member } = await ok(org.adminToken, query, variables);
        expect(member).toEqual({ member: { id: registered.body.id }, externalId: 'OLD-42', pointsBalance: 50, purchaseCount: 1 });
      }
      await fails(org.adminToken, query, { phone: '13800002222', externalId: 'OLD-42' }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, query, { externalId: 'NO-SUCH' }, 404, 'MEMBER_NOT_FOUND');

      // Its ledger: the points account, and the transfers on that account (either side).
      const { accounts } = await ok(org.adminToken, 'query($o: UUID) { accounts(ownerId: $o) { total items { id code available } } }', { o: registered.body.id });
      expect(accounts).toEqual({ total: 1, items: [{ id: expect.any(String), code: 'MEMBER_POINTS', available: 50 }] });
      const { transfers } = await ok(org.adminToken, 'query($a: UUID) { transfers(accountId: $a) { total items { kind amount creditAccountId } } }', {
        a: accounts.items[0].id,
      });
      expect(transfers).toEqual({ total: 1, items: [{ kind: 'EARN', amount: 50, creditAccountId: accounts.items[0].id }] });
    });

    it('pages members with total, offset and limit, newest first, and filters by phone prefix', async () => {
      const org = await organisation();
      const phones = ['13711110001', '13711110002', '13822220003'];
      const ids: string[] = [];
      for (const phone of phones) {
        const res = await posPost(platform, org.posKey, '/members', { phone, name: `会员${phone.slice(-1)}` });
        expect(res.status).toBe(201);
        ids.push(res.body.id);
      }
      const all = (await ok(org.adminToken, MEMBERS, {})).members;
      expect(all.total).toBe(3);
      expect(all.items.map((m: { id: string }) => m.id)).toEqual([...ids].reverse());
      expect(all.items[0]).toMatchObject({ phone: phones[2], registeredMerchantId: org.merchant.id, registeredStoreId: org.store.id });

      const first = (await ok(org.adminToken, MEMBERS, { offset: 0, limit: 2 })).members;
      const second = (await ok(org.adminToken, MEMBERS, { offset: 2, limit: 2 })).members;
      const beyond = (await ok(org.adminToken, MEMBERS, { offset: 3, limit: 2 })).members;
      expect(first.total).toBe(3);
      expect(first.items.map((m: { id: string }) => m.id)).toEqual([ids[2], ids[1]]);
      expect(second).toEqual({ total: 3, items: [expect.objectContaining({ id: ids[0] })] });
      expect(beyond).toEqual({ total: 3, items: [] });

      const byPrefix = async (phone: string) => (await ok(org.adminToken, MEMBERS, { filter: { phone } })).members;
      expect((await byPrefix('137')).total).toBe(2);
      expect((await byPrefix('137')).items.map((m: { phone: string }) => m.phone).sort()).toEqual([phones[0], phones[1]]);
      expect(await byPrefix('13711110002')).toEqual({ total: 1, items: [expect.objectContaining({ id: ids[1] })] });
      expect((await byPrefix('138')).items.map((m: { id: string }) => m.id)).toEqual([ids[2]]);
      expect(await byPrefix('139')).toEqual({ total: 0, items: [] });
      // LIKE wildcards in the filter are matched literally.
      expect((await byPrefix('1%')).total).toBe(0);
      expect((await byPrefix('13_')).total).toBe(0);
      const paged = (await ok(org.adminToken, MEMBERS, { filter: { phone: '137' }, offset: 1, limit: 1 })).members;
      expect(paged).toEqual({ total: 2, items: [expect.objectContaining({ id: ids[0] })] });

      // Another merchant's admin, in another alliance, sees none of them.
      const other = await organisation();
      expect((await ok(other.adminToken, MEMBERS, {})).members).toEqual({ total: 0, items: [] });
    });

    it('refuses page sizes and offsets out of range with VALIDATION_FAILED', async () => {
      const org = await organisation();
      await fails(org.adminToken, `{ members(limit: 500) { total } }`, undefined, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, MEMBERS, { limit: 201 }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, MEMBERS, { limit: 0 }, 400, 'VALIDATION_FAILED');
      await fails(org.adminToken, MEMBERS, { offset: -1 }, 400, 'VALIDATION_FAILED');
      await ok(org.adminToken, MEMBERS, { limit: 200 });
    });
  });
});
