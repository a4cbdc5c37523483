import { SignJWT } from 'jose';
import { Db, WriteBatcher } from '@loyalty/database';
import { RedeemPointsHandler } from '@loyalty/loyalty';
import type { RequestContext } from '@loyalty/shared';
import {
  bootTestPlatform,
  createTenant,
  gql,
  idemKey,
  posGet,
  posPost,
  systemQuery,
  type MerchantFixture,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';

/**
 * Tenant isolation end to end: one tenant's POS keys and staff tokens can neither read nor change
 * another tenant's (or, inside an alliance, another merchant's) data, through REST and GraphQL,
 * and PostgreSQL's row-level security enforces it even for queries that name no tenant at all.
 */
describe('tenant isolation (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  /** Alliance X with merchants A and B. */
  let x: TenantFixture;
  /** Standalone merchant Y. */
  let y: TenantFixture;
  /** Alliance Z, only to show an operator does not see another alliance. */
  let z: TenantFixture;
  let a: MerchantFixture;
  let b: MerchantFixture;
  let ym: MerchantFixture;

  /** A member of X, registered at A's first store, with one purchase at A. */
  let xMember: { id: string; phone: string };
  let xOrderNo: string;
  /** A member of Y, with one purchase at Y. */
  let yMember: { id: string; phone: string };
  let yOrderNo: string;

  beforeAll(async () => {
    platform = await bootTestPlatform();
    x = await createTenant(platform.app, { merchants: 2 });
    y = await createTenant(platform.app, { alliance: false });
    z = await createTenant(platform.app, { merchants: 1 });
    [a, b] = x.merchants;
    [ym] = y.merchants;

    xMember = await register(a.posKeys[0]);
    xOrderNo = idemKey();
    expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId: xMember.id, orderNo: xOrderNo, amountFen: 10_000 })).status).toBe(201);

    yMember = await register(ym.posKeys[0]);
    yOrderNo = idemKey();
    expect((await posPost(platform, ym.posKeys[0], '/purchases', { memberId: yMember.id, orderNo: yOrderNo, amountFen: 5_000 })).status).toBe(201);
  });
  afterAll(() => platform?.close());

  async function register(key: string, phone = uniquePhone()): Promise<{ id: string; phone: string }> {
    const res = await posPost(platform, key, '/members', { phone, name: '隔离测试' });
    expect(res.status).toBe(201);
    return res.body;
  }

  /** The first GraphQL error, with the HTTP status it came with. */
  function firstError(res: { status: number; body: { errors?: { message: string; extensions?: { code?: string } }[] } }) {
    expect(res.body.errors?.length ?? 0).toBeGreaterThan(0);
    return { status: res.status, code: res.body.errors![0].extensions?.code, message: res.body.errors![0].message };
  }

  /** A POS-like request context built by hand, for the database-level checks. */
  function posContext(tenant: TenantFixture, merchant: MerchantFixture): RequestContext {
    return {
      tenantId: tenant.tenantId,
      merchantId: merchant.merchant.id,
      storeId: merchant.stores[0].id,
      actorId: '00000000-0000-4000-8000-000000000001',
      roles: ['POS'],
      correlationId: `tenant-isolation-${idemKey()}`,
    };
  }

  class Rollback extends Error {}
  /**
   * Runs `work` inside Db.inTenant and rolls the transaction back afterwards, so a write that
   * wrongly succeeds cannot corrupt the shared test database (and the ledger verify after the suite).
   */
  async function inTenantRolledBack<T>(ctx: RequestContext, work: (tx: Parameters<Parameters<Db['inTenant']>[1]>[0]) => Promise<T>): Promise<T> {
    let result: T | undefined;
    try {
      await platform.app.get(Db).inTenant(ctx, async (tx) => {
        result = await work(tx);
        throw new Rollback();
      });
    } catch (error) {
      if (!(error instanceof Rollback)) throw error;
    }
    return result as T;
  }

  describe('between two tenants over the POS API', () => {
    it('does not let Y’s key read X’s member by id or by phone', async () => {
      // The owner sees the member: the 404s below are isolation, not a bad id.
      expect((await posGet(platform, a.posKeys[0], `/members/${xMember.id}`)).status).toBe(200);

      const byId = await posGet(platform, ym.posKeys[0], `/members/${xMember.id}`);
      expect(byId.status).toBe(404);
      expect(byId.body.code).toBe('MEMBER_NOT_FOUND');
      expect(JSON.stringify(byId.body)).not.toContain(xMember.phone);

      const byPhone = await posGet(platform, ym.posKeys[0], `/members?phone=${xMember.phone}`);
      expect(byPhone.status).toBe(404);
      expect(byPhone.body.code).toBe('MEMBER_NOT_FOUND');

      // And the other way round.
      const reverse = await posGet(platform, a.posKeys[0], `/members/${yMember.id}`);
      expect(reverse.status).toBe(404);
      expect(reverse.body.code).toBe('MEMBER_NOT_FOUND');
    });

    it('does not let Y’s key earn, redeem or claw back points for X’s member', async () => {
      const before = (await posGet(platform, a.posKeys[0], `/members/${xMember.id}`)).body.pointsBalance;
      expect(before).toBe(100);

      const purchase = await posPost(platform, ym.posKeys[0], '/purchases', { memberId: xMember.id, orderNo: idemKey(), amountFen: 99_900 });
      expect(purchase.status).toBe(404);
      expect(purchase.body.code).toBe('MEMBER_NOT_FOUND');

      const purchaseByPhone = await posPost(platform, ym.posKeys[0], '/purchases', { phone: xMember.phone, orderNo: idemKey(), amountFen: 99_900 });
      expect(purchaseByPhone.status).toBe(404);
      expect(purchaseByPhone.body.code).toBe('MEMBER_NOT_FOUND');

      const redeem = await posPost(platform, ym.posKeys[0], '/redemptions', { memberId: xMember.id, points: 50, orderNo: idemKey() });
      expect(redeem.status).toBe(404);
      expect(redeem.body.code).toBe('MEMBER_NOT_FOUND');

      const ret = await posPost(platform, ym.posKeys[0], '/returns', { memberId: xMember.id, amountFen: 5_000 });
      expect(ret.status).toBe(404);
      expect(ret.body.code).toBe('MEMBER_NOT_FOUND');

      // Nothing changed for the member, and nothing was written under Y for them.
      expect((await posGet(platform, a.posKeys[0], `/members/${xMember.id}`)).body).toMatchObject({ pointsBalance: before, purchaseCount: 1 });
      const rows = await systemQuery<{ count: number }>(
        platform,
        `select (select count(*) from purchase where member_id = ? and tenant_id <> ?)
              + (select count(*) from ledger_transfer where member_id = ? and tenant_id <> ?) as count`,
        [xMember.id, x.tenantId, xMember.id, x.tenantId],
      );
      expect(Number(rows[0].count)).toBe(0);
    });

    it('does not let Y’s key refund X’s order', async () => {
      const refund = await posPost(platform, ym.posKeys[0], '/refunds', { orderNo: xOrderNo });
      expect(refund.status).toBe(404);
      expect(refund.body.code).toBe('ORDER_NOT_FOUND');
      const [purchase] = await systemQuery<{ refunded_fen: number }>(platform, 'select refunded_fen from purchase where order_no = ?', [xOrderNo]);
      expect(Number(purchase.refunded_fen)).toBe(0);
    });

    it('keeps Idempotency-Keys per store: the same key in another tenant is another request', async () => {
      const xOther = await register(a.posKeys[0]);
      const key = idemKey();
      const body = { memberId: xOther.id, orderNo: idemKey(), amountFen: 1_000 };
      const inX = await posPost(platform, a.posKeys[0], '/purchases', body, key);
      expect(inX.status).toBe(201);
      // Y's key replaying X's exact request is not answered with X's stored response: it is Y's own
      // request, for a member Y does not know.
      const replay = await posPost(platform, ym.posKeys[0], '/purchases', body, key);
      expect(replay.status).toBe(404);
      expect(replay.body.code).toBe('MEMBER_NOT_FOUND');
      const inY = await posPost(platform, ym.posKeys[0], '/purchases', { memberId: yMember.id, orderNo: idemKey(), amountFen: 2_000 }, key);
      expect(inY.status).toBe(201);
      expect(inY.body.purchaseId).not.toBe(inX.body.purchaseId);
      expect(inY.body.pointsEarned).toBe(20);
      expect((await posGet(platform, a.posKeys[0], `/members/${xOther.id}`)).body).toMatchObject({ pointsBalance: 10, purchaseCount: 1 });
    });

    it('keeps identities per tenant: the same phone in Y is another member', async () => {
      const inY = await posPost(platform, ym.posKeys[0], '/members', { phone: xMember.phone, name: '另一位' });
      expect(inY.status).toBe(201);
      expect(inY.body.id).not.toBe(xMember.id);
      expect(inY.body.phone).toBe(xMember.phone);
      // Y's member starts with nothing; X's member is unchanged.
      expect((await posGet(platform, ym.posKeys[0], `/members?phone=${xMember.phone}`)).body).toMatchObject({
        member: { id: inY.body.id },
        pointsBalance: 0,
        purchaseCount: 0,
      });
      expect((await posGet(platform, a.posKeys[0], `/members?phone=${xMember.phone}`)).body).toMatchObject({
        member: { id: xMember.id, name: '隔离测试' },
        pointsBalance: 100,
        purchaseCount: 1,
      });
      const members = await systemQuery<{ tenant_id: string }>(platform, 'select tenant_id from member where phone = ? and tenant_id in (?, ?)', [
        xMember.phone,
        x.tenantId,
        y.tenantId,
      ]);
      expect(members.map((m) => m.tenant_id).sort()).toEqual([x.tenantId, y.tenantId].sort());
    });
  });

  describe('between two merchants of one alliance over the POS API', () => {
    it('shares the member and balance but not the other merchant’s purchases', async () => {
      const member = await register(a.posKeys[0]);
      const orderNo = idemKey();
      expect((await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo, amountFen: 20_000 })).status).toBe(201);

      const atA = await posGet(platform, a.posKeys[0], `/members/${member.id}`);
      expect(atA.status).toBe(200);
      expect(atA.body).toMatchObject({ pointsBalance: 200, purchaseCount: 1, grossSpendFen: 20_000 });
      expect(atA.body.recentTransfers.some((t: { kind: string }) => t.kind === 'EARN')).toBe(true);

      const atB = await posGet(platform, b.posKeys[0], `/members/${member.id}`);
      expect(atB.status).toBe(200);
      expect(atB.body.member.id).toBe(member.id);
      // The balance is the member's, alliance-wide; the purchases are A's alone.
      expect(atB.body).toMatchObject({ pointsBalance: 200, purchaseCount: 0, grossSpendFen: 0, refundedFen: 0, lastPurchaseAt: null });
      expect(atB.body.recentTransfers.filter((t: { merchantId: string | null }) => t.merchantId === a.merchant.id)).toEqual([]);
    });

    it('does not let B refund A’s order, whatever the store', async () => {
      const member = await register(a.posKeys[0]);
      const orderNo = idemKey();
      await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo, amountFen: 10_000 });
      for (const key of b.posKeys) {
        const refund = await posPost(platform, key, '/refunds', { orderNo });
        expect(refund.status).toBe(404);
        expect(refund.body.code).toBe('ORDER_NOT_FOUND');
      }
      expect((await posGet(platform, a.posKeys[0], `/members/${member.id}`)).body).toMatchObject({ pointsBalance: 100, refundedFen: 0 });
      // The owning store still can.
      expect((await posPost(platform, a.posKeys[0], '/refunds', { orderNo })).status).toBe(201);
    });
  });

  describe('GraphQL with staff tokens', () => {
    it('lists only the admin’s own merchant, stores and POS keys', async () => {
      const res = await gql(platform, a.adminToken, '{ merchants { id } stores { id merchantId } posApiKeys { id merchantId storeId } }');
      expect(res.status).toBe(200);
      expect(res.body.errors).toBeUndefined();
      const { merchants, stores, posApiKeys } = res.body.data;
      expect(merchants.map((m: { id: string }) => m.id)).toEqual([a.merchant.id]);
      expect(stores.map((s: { id: string }) => s.id).sort()).toEqual(a.stores.map((s) => s.id).sort());
      expect(posApiKeys.length).toBeGreaterThanOrEqual(2);
      expect(posApiKeys.every((k: { merchantId: string }) => k.merchantId === a.merchant.id)).toBe(true);
      const aStoreIds = new Set(a.stores.map((s) => s.id));
      expect(posApiKeys.every((k: { storeId: string }) => aStoreIds.has(k.storeId))).toBe(true);

      // Asking for B's store by id returns nothing rather than B's keys or stores.
      const scoped = await gql(platform, a.adminToken, 'query($m: UUID, $s: UUID) { stores(merchantId: $m) { id } posApiKeys(storeId: $s) { id } }', {
        m: b.merchant.id,
        s: b.stores[0].id,
      });
      expect(scoped.body.errors).toBeUndefined();
      expect(scoped.body.data).toEqual({ stores: [], posApiKeys: [] });
    });

    it('lists only the admin’s own merchant transfers, plus tenant-wide ones', async () => {
      const member = await register(a.posKeys[0]);
      await posPost(platform, a.posKeys[0], '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 3_000 });
      await posPost(platform, b.posKeys[0], '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 4_000 });
      // Both merchants' transfers exist for this member.
      const all = await systemQuery<{ merchant_id: string | null }>(platform, 'select merchant_id from ledger_transfer where member_id = ?', [member.id]);
      expect(new Set(all.map((t) => t.merchant_id))).toEqual(new Set([a.merchant.id, b.merchant.id]));

      const query = 'query($m: UUID) { transfers(memberId: $m, limit: 200) { total items { merchantId memberId amount } } }';
      const forMember = await gql(platform, a.adminToken, query, { m: member.id });
      expect(forMember.body.errors).toBeUndefined();
      expect(forMember.body.data.transfers.items).toEqual([{ merchantId: a.merchant.id, memberId: member.id, amount: 30 }]);
      expect(forMember.body.data.transfers.total).toBe(1);

      const everything = await gql(platform, a.adminToken, '{ transfers(limit: 200) { total items { merchantId } } }');
      expect(everything.body.errors).toBeUndefined();
      const merchantIds = new Set(everything.body.data.transfers.items.map((t: { merchantId: string | null }) => t.merchantId));
      expect([...merchantIds].every((m) => m === a.merchant.id || m === null)).toBe(true);
      expect(merchantIds.has(a.merchant.id)).toBe(true);

      // B's admin sees its own transfer for the member, not A's; Y's admin sees none of X's.
      const forB = await gql(platform, b.adminToken, query, { m: member.id });
      expect(forB.body.data.transfers.items).toEqual([{ merchantId: b.merchant.id, memberId: member.id, amount: 40 }]);
      const forY = await gql(platform, ym.adminToken, query, { m: member.id });
      expect(forY.body.data.transfers).toEqual({ total: 0, items: [] });
    });

    it('does not show another tenant’s members', async () => {
      const query = 'query($p: String) { members(filter: { phone: $p }) { total items { id } } }';
      // Control: A's admin finds X's member by phone.
      const own = await gql(platform, a.adminToken, query, { p: xMember.phone });
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data.members.items.map((m: { id: string }) => m.id)).toEqual([xMember.id]);

      const elsewhere = await gql(platform, ym.adminToken, '{ members(limit: 200) { total items { id } } }');
      expect(elsewhere.body.errors).toBeUndefined();
      const ids = elsewhere.body.data.members.items.map((m: { id: string }) => m.id);
      expect(ids).not.toContain(xMember.id);
      expect(ids).toContain(yMember.id);
      const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*) as count from member where tenant_id = ?', [y.tenantId]);
      expect(elsewhere.body.data.members.total).toBe(Number(count));

      const byOperatorZ = await gql(platform, z.operatorToken!, query, { p: xMember.phone });
      expect(byOperatorZ.body.data.members).toEqual({ total: 0, items: [] });
    });

    it('refuses to create a store for another merchant, and writes nothing', async () => {
      const mutation = 'mutation($input: CreateStoreInput!) { createStore(input: $input) { id merchantId } }';
      for (const target of [b.merchant.id, ym.merchant.id]) {
        const name = `intruder-store-${idemKey()}`;
        const res = await gql(platform, a.adminToken, mutation, { input: { merchantId: target, name, kind: 'direct' } });
        const error = firstError(res);
        expect(error.code).toBe('MERCHANT_NOT_FOUND');
        expect(error.status).toBeGreaterThanOrEqual(400);
        expect(error.status).toBeLessThan(500);
        expect(res.body.data?.createStore ?? null).toBeNull();
        expect(await systemQuery(platform, 'select id from store where name = ?', [name])).toEqual([]);
      }
      // The same mutation for A's own merchant works: the refusal above is about scope.
      const name = `own-store-${idemKey()}`;
      const ok = await gql(platform, a.adminToken, mutation, { input: { merchantId: a.merchant.id, name, kind: 'franchise' } });
      expect(ok.body.errors).toBeUndefined();
      expect(ok.body.data.createStore.merchantId).toBe(a.merchant.id);
      expect(await systemQuery(platform, 'select merchant_id from store where name = ?', [name])).toEqual([{ merchant_id: a.merchant.id }]);
    });

    it('answers a malformed id with a 4xx, never a 500', async () => {
      // Probing for other tenants' rows with a garbage id must be a client error, like REST's 400.
      expect((await posGet(platform, a.posKeys[0], '/members/not-a-uuid')).status).toBe(400);
      const probes: [string, string][] = [
        ['member', '{ member(id: "not-a-uuid") { pointsBalance } }'],
        ['stores', '{ stores(merchantId: "not-a-uuid") { id } }'],
        ['posApiKeys', '{ posApiKeys(storeId: "not-a-uuid") { id } }'],
        ['transfers', '{ transfers(memberId: "not-a-uuid") { total } }'],
        ['accounts', '{ accounts(ownerId: "not-a-uuid") { total } }'],
        ['members', '{ members(filter: { merchantId: "not-a-uuid" }) { total } }'],
        ['revokePosApiKey', 'mutation { revokePosApiKey(id: "not-a-uuid") { id } }'],
      ];
      const answers = [];
      for (const [field, query] of probes) {
        const res = await gql(platform, a.adminToken, query);
        answers.push({ field, status: res.status, code: res.body.errors?.[0]?.extensions?.code });
      }
      expect(answers).toEqual(probes.map(([field]) => ({ field, status: 400, code: 'VALIDATION_FAILED' })));
    });

    it('refuses to change another merchant’s settings', async () => {
      const res = await gql(platform, a.adminToken, 'mutation($m: UUID!) { updateMerchantSettings(merchantId: $m, settings: { pointsExpiryMonths: 1 }) { id } }', {
        m: b.merchant.id,
      });
      const error = firstError(res);
      expect(['FORBIDDEN', 'MERCHANT_NOT_FOUND']).toContain(error.code);
      expect(error.status).toBeGreaterThanOrEqual(400);
      expect(error.status).toBeLessThan(500);
      const [row] = await systemQuery<{ settings: { pointsExpiryMonths?: number } }>(platform, 'select settings from merchant where id = ?', [b.merchant.id]);
      expect(row.settings.pointsExpiryMonths).not.toBe(1);
    });

    it('refuses to issue a POS key for another merchant’s store, and writes nothing', async () => {
      const mutation = 'mutation($s: UUID!, $n: String) { issuePosApiKey(storeId: $s, name: $n) { key apiKey { id storeId } } }';
      for (const store of [b.stores[0].id, ym.stores[0].id]) {
        const name = `intruder-key-${idemKey()}`;
        const res = await gql(platform, a.adminToken, mutation, { s: store, n: name });
        const error = firstError(res);
        expect(error.code).toBe('STORE_NOT_FOUND');
        expect(error.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toMatch(/pos_[0-9a-f]{12}_/);
        expect(await systemQuery(platform, 'select id from pos_api_key where name = ?', [name])).toEqual([]);
      }
    });

    it('refuses to revoke another merchant’s POS key, which keeps working', async () => {
      const [bKey] = await systemQuery<{ id: string }>(platform, 'select id from pos_api_key where store_id = ? order by created_at limit 1', [b.stores[0].id]);
      const res = await gql(platform, a.adminToken, 'mutation($id: UUID!) { revokePosApiKey(id: $id) { id revokedAt } }', { id: bKey.id });
      const error = firstError(res);
      expect(error.code).toBe('POS_API_KEY_NOT_FOUND');
      expect(error.status).toBe(404);
      const [row] = await systemQuery<{ revoked_at: Date | null }>(platform, 'select revoked_at from pos_api_key where id = ?', [bKey.id]);
      expect(row.revoked_at).toBeNull();
      expect((await posGet(platform, b.posKeys[0], `/members/${xMember.id}`)).status).toBe(200);
    });

    it('answers MEMBER_NOT_FOUND for another tenant’s member, by id or phone', async () => {
      const query = 'query($id: UUID, $phone: String) { member(id: $id, phone: $phone) { member { id phone } pointsBalance } }';
      // Control: the owner's admin sees it.
      const own = await gql(platform, ym.adminToken, query, { id: yMember.id });
      expect(own.body.errors).toBeUndefined();
      expect(own.body.data.member.member.id).toBe(yMember.id);

      for (const variables of [{ id: yMember.id }, { phone: yMember.phone }]) {
        const res = await gql(platform, a.adminToken, query, variables);
        const error = firstError(res);
        expect(error.code).toBe('MEMBER_NOT_FOUND');
        expect(error.status).toBe(404);
        expect(JSON.stringify(res.body)).not.toContain(yMember.id);
      }
      const byOperator = await gql(platform, x.operatorToken!, query, { id: yMember.id });
      expect(firstError(byOperator).code).toBe('MEMBER_NOT_FOUND');
    });

    it('lets an alliance operator see every merchant of its alliance, and no other', async () => {
      const res = await gql(platform, x.operatorToken!, '{ alliances { id } merchants { id } stores { id } }');
      expect(res.body.errors).toBeUndefined();
      expect(res.body.data.alliances.map((al: { id: string }) => al.id)).toEqual([x.allianceId]);
      expect(res.body.data.merchants.map((m: { id: string }) => m.id).sort()).toEqual([a.merchant.id, b.merchant.id].sort());
      const storeIds: string[] = res.body.data.stores.map((s: { id: string }) => s.id);
      for (const store of [...a.stores, ...b.stores]) expect(storeIds).toContain(store.id);
      for (const store of [...ym.stores, ...z.merchants[0].stores]) expect(storeIds).not.toContain(store.id);

      const other = await gql(platform, z.operatorToken!, '{ merchants { id } }');
      expect(other.body.data.merchants.map((m: { id: string }) => m.id)).toEqual([z.merchants[0].merchant.id]);

      // Nor can it create a store in another tenant's merchant.
      const name = `operator-intruder-${idemKey()}`;
      const create = await gql(platform, x.operatorToken!, 'mutation($input: CreateStoreInput!) { createStore(input: $input) { id } }', {
        input: { merchantId: ym.merchant.id, name, kind: 'direct' },
      });
      expect(firstError(create).code).toBe('MERCHANT_NOT_FOUND');
      expect(await systemQuery(platform, 'select id from store where name = ?', [name])).toEqual([]);
    });

    it('shows a store clerk only the members registered at the clerk’s store', async () => {
      const atOwnStore = await register(a.posKeys[0]);
      const atOtherStore = await register(a.posKeys[1]);
      const atOtherMerchant = await register(b.posKeys[0]);
      const query = '{ members(limit: 200) { total items { id registeredStoreId } } }';

      const clerk = await gql(platform, a.clerkToken, query);
      expect(clerk.body.errors).toBeUndefined();
      const items: { id: string; registeredStoreId: string }[] = clerk.body.data.members.items;
      const ids = items.map((m) => m.id);
      expect(ids).toContain(atOwnStore.id);
      expect(ids).not.toContain(atOtherStore.id);
      expect(ids).not.toContain(atOtherMerchant.id);
      expect(items.every((m) => m.registeredStoreId === a.stores[0].id)).toBe(true);
      const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*) as count from member where registered_store_id = ?', [a.stores[0].id]);
      expect(clerk.body.data.members.total).toBe(Number(count));

      // Nor can the clerk open another store's member by id.
      const other = await gql(platform, a.clerkToken, 'query($id: UUID) { member(id: $id) { member { id } } }', { id: atOtherStore.id });
      expect(firstError(other)).toMatchObject({ status: 404, code: 'MEMBER_NOT_FOUND' });
      const own = await gql(platform, a.clerkToken, 'query($id: UUID) { member(id: $id) { member { id } } }', { id: atOwnStore.id });
      expect(own.body.data.member.member.id).toBe(atOwnStore.id);

      // Asking for the other store explicitly does not widen the view.
      const widened = await gql(platform, a.clerkToken, 'query($s: UUID) { members(filter: { storeId: $s }) { total } }', { s: a.stores[1].id });
      expect(widened.body.data.members.total).toBe(0);

      // The merchant admin (an alliance member scope) sees all three.
      const admin = await gql(platform, a.adminToken, query);
      const adminIds = admin.body.data.members.items.map((m: { id: string }) => m.id);
      for (const m of [atOwnStore, atOtherStore, atOtherMerchant]) expect(adminIds).toContain(m.id);
    });
  });

  describe('in the database itself (row-level security)', () => {
    const db = () => platform.app.get(Db);

    it('hides another tenant’s rows from queries that name no tenant', async () => {
      const ctxA = posContext(x, a);
      const own = await db().inTenant(ctxA, (tx) => tx.execute<{ id: string }[]>('select id from member where id = ?', [xMember.id]));
      expect(own).toEqual([{ id: xMember.id }]);
      const other = await db().inTenant(ctxA, (tx) => tx.execute<{ id: string }[]>('select id from member where id = ?', [yMember.id]));
      expect(other).toEqual([]);
      // Not a single row of another tenant in any tenant table, though there are such rows.
      for (const table of ['member', 'merchant', 'store', 'pos_api_key', 'purchase', 'ledger_account', 'ledger_transfer', 'ledger_lot', 'staff', 'outbox_event']) {
        const [existing] = await systemQuery<{ count: number }>(platform, `select count(*) as count from "${table}" where tenant_id = ?`, [y.tenantId]);
        expect({ table, exists: Number(existing.count) > 0 }).toEqual({ table, exists: true });
        const rows = await db().inTenant(ctxA, (tx) => tx.execute<{ count: number }[]>(`select count(*) as count from "${table}" where tenant_id <> ?`, [x.tenantId]));
        expect({ table, count: Number(rows[0].count) }).toEqual({ table, count: 0 });
      }
    });

    it('has row-level security on every table that holds tenant data', async () => {
      const tables = await systemQuery<{ table: string; rls: boolean; policies: number }>(
        platform,
        `select c.relname as "table", c.relrowsecurity as rls,
                (select count(*) from pg_policy p where p.polrelid = c.oid)::int as policies
         from pg_class c join pg_namespace n on n.oid = c.relnamespace
         where n.nspname = 'public' and c.relkind = 'r'
           and exists (select from information_schema.columns col where col.table_schema = 'public' and col.table_name = c.relname and col.column_name = 'tenant_id')
         order by 1`,
      );
      expect(tables.length).toBeGreaterThanOrEqual(12);
      const unprotected = tables.filter((t) => !t.rls || t.policies === 0).map((t) => t.table);
      // inbox_event has no policy but the tenant role has no privilege on it at all.
      expect(unprotected.filter((t) => t !== 'inbox_event')).toEqual([]);
      const [inbox] = await systemQuery<{ allowed: boolean }>(platform, `select has_table_privilege('loyalty_tenant', 'inbox_event', 'select') as allowed`);
      expect(inbox.allowed).toBe(false);
    });

    it('hides merchant A’s purchases and own accounts from merchant B of the same alliance', async () => {
      const ctxB = posContext(x, b);
      const purchases = await db().inTenant(ctxB, (tx) => tx.execute<{ id: string }[]>('select id from purchase where order_no = ?', [xOrderNo]));
      expect(purchases).toEqual([]);
      const ctxA = posContext(x, a);
      expect(await db().inTenant(ctxA, (tx) => tx.execute('select id from purchase where order_no = ?', [xOrderNo]))).toHaveLength(1);
      const accounts = await db().inTenant(ctxB, (tx) => tx.execute<{ count: number }[]>('select count(*) as count from ledger_account where merchant_id = ?', [a.merchant.id]));
      expect(Number(accounts[0].count)).toBe(0);
      // The member's own (tenant-wide) points account is shared.
      const shared = await db().inTenant(ctxB, (tx) =>
        tx.execute<{ id: string }[]>(`select id from ledger_account where owner_id = ? and code = 'MEMBER_POINTS'`, [xMember.id]),
      );
      expect(shared).toHaveLength(1);
    });

    it('updates none of another tenant’s ledger rows', async () => {
      const [target] = await systemQuery<{ id: string; credits_posted: string }>(
        platform,
        `select id, credits_posted from ledger_account where owner_id = ? and code = 'MEMBER_POINTS'`,
        [yMember.id],
      );
      expect(target).toBeDefined();
      const ctxA = posContext(x, a);
      const updated = await inTenantRolledBack(ctxA, (tx) =>
        tx.execute<{ affectedRows: number }>('update ledger_account set credits_posted = credits_posted + 1000000 where id = ?', [target.id], 'run'),
      );
      expect(updated.affectedRows).toBe(0);
      const returning = await inTenantRolledBack(ctxA, (tx) =>
        tx.execute<{ id: string }[]>('update ledger_account set credits_posted = credits_posted + 1000000 where id = ? returning id', [target.id]),
      );
      expect(returning).toEqual([]);
      const deleted = await inTenantRolledBack(ctxA, (tx) => tx.execute<{ id: string }[]>('delete from member where id = ? returning id', [yMember.id]));
      expect(deleted).toEqual([]);
      const [after] = await systemQuery<{ credits_posted: string }>(platform, 'select credits_posted from ledger_account where id = ?', [target.id]);
      expect(after.credits_posted).toEqual(target.credits_posted);

      // Control: the same statement does reach a row of the caller's own tenant.
      const [own] = await systemQuery<{ id: string }>(platform, `select id from ledger_account where owner_id = ? and code = 'MEMBER_POINTS'`, [xMember.id]);
      const ownUpdate = await inTenantRolledBack(ctxA, (tx) =>
        tx.execute<{ id: string }[]>('update ledger_account set credits_posted = credits_posted where id = ? returning id', [own.id]),
      );
      expect(ownUpdate).toEqual([{ id: own.id }]);
    });

    it('updates none of another merchant’s rows within the alliance', async () => {
      const ctxB = posContext(x, b);
      const purchase = await inTenantRolledBack(ctxB, (tx) =>
        tx.execute<{ id: string }[]>('update purchase set refunded_fen = amount_fen where order_no = ? returning id', [xOrderNo]),
      );
      expect(purchase).toEqual([]);
      const store = await inTenantRolledBack(ctxB, (tx) => tx.execute<{ id: string }[]>(`update store set name = 'hijacked' where id = ? returning id`, [a.stores[0].id]));
      expect(store).toEqual([]);
      const key = await inTenantRolledBack(ctxB, (tx) =>
        tx.execute<{ id: string }[]>('update pos_api_key set revoked_at = now() where store_id = ? returning id', [a.stores[0].id]),
      );
      expect(key).toEqual([]);
    });

    it('refuses to insert rows under another tenant (WITH CHECK)', async () => {
      const ctxA = posContext(x, a);
      const phone = uniquePhone();
      const insert = inTenantRolledBack(ctxA, (tx) =>
        tx.execute(
          `insert into member (id, tenant_id, phone, gender, registered_merchant_id, registered_store_id, registered_at)
           values (gen_random_uuid(), ?, ?, 'unknown', ?, ?, now())`,
          [y.tenantId, phone, ym.merchant.id, ym.stores[0].id],
        ),
      );
      await expect(insert).rejects.toThrow(/row-level security/);
      expect(await systemQuery(platform, 'select id from member where phone = ? and tenant_id = ?', [phone, y.tenantId])).toEqual([]);

      // Nor a purchase booked to merchant A by merchant B of the same alliance.
      const ctxB = posContext(x, b);
      const purchase = inTenantRolledBack(ctxB, (tx) =>
        tx.execute(
          `insert into purchase (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, points_earned, occurred_at)
           values (gen_random_uuid(), ?, ?, ?, ?, ?, 100, 1, now())`,
          [x.tenantId, a.merchant.id, a.stores[0].id, xMember.id, idemKey()],
        ),
      );
      await expect(purchase).rejects.toThrow(/row-level security/);

      // Nor moving one of its own rows to another tenant.
      const move = inTenantRolledBack(ctxA, (tx) => tx.execute('update member set tenant_id = ? where id = ?', [y.tenantId, xMember.id]));
      await expect(move).rejects.toThrow(/row-level security/);
    });
  });

  describe('authentication', () => {
    it('refuses GraphQL without a valid token with 401 UNAUTHENTICATED', async () => {
      for (const token of [null, 'not-a-jwt', `${a.adminToken.slice(0, -4)}AAAA`]) {
        const res = await gql(platform, token, '{ merchants { id } }');
        expect(res.status).toBe(401);
        expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
        expect(res.body.data?.merchants ?? null).toBeNull();
      }
      const members = await gql(platform, null, '{ members { total } }');
      expect(members.status).toBe(401);
      expect(members.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses a token forged for another tenant', async () => {
      const forged = await new SignJWT({ tid: y.tenantId, mid: ym.merchant.id, sid: null, role: 'MERCHANT_ADMIN' })
        .setProtectedHeader({ alg: 'HS256' })
        .setSubject('00000000-0000-4000-8000-000000000002')
        .setIssuer('loyalty-platform')
        .setIssuedAt()
        .setExpirationTime('1h')
        .sign(new TextEncoder().encode('a-different-secret-that-is-long-enough!!'));
      const res = await gql(platform, forged, '{ merchants { id } }');
      expect(res.status).toBe(401);
      expect(res.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
      const unsigned = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
        JSON.stringify({ tid: y.tenantId, mid: ym.merchant.id, role: 'PLATFORM_ADMIN', sub: 'x', iss: 'loyalty-platform' }),
      ).toString('base64url')}.`;
      const none = await gql(platform, unsigned, '{ merchants { id } }');
      expect(none.status).toBe(401);
      expect(none.body.errors[0].extensions.code).toBe('UNAUTHENTICATED');
    });

    it('refuses POS calls without a key, with a malformed or an unknown key', async () => {
      const noKey = await platform.http.get(`/api/pos/v1/members/${xMember.id}`);
      expect(noKey.status).toBe(401);
      expect(noKey.body.code).toBe('UNAUTHENTICATED');

      const noKeyWrite = await platform.http.post('/api/pos/v1/purchases').set('idempotency-key', idemKey()).send({ memberId: xMember.id, orderNo: idemKey(), amountFen: 100 });
      expect(noKeyWrite.status).toBe(401);
      expect(noKeyWrite.body.code).toBe('UNAUTHENTICATED');

      const [, prefix] = /^pos_([0-9a-f]{12})_/.exec(a.posKeys[0])!;
      for (const bad of ['garbage', 'pos_123_abc', `${a.posKeys[0]}x`, `pos_${prefix}_${'A'.repeat(32)}`, `pos_000000000000_${'A'.repeat(32)}`]) {
        const res = await posGet(platform, bad, `/members/${xMember.id}`);
        expect({ bad, status: res.status, code: res.body.code }).toEqual({ bad, status: 401, code: 'UNAUTHENTICATED' });
      }
      // A staff token is not a POS key.
      const bearer = await platform.http.get(`/api/pos/v1/members/${xMember.id}`).set('authorization', `Bearer ${a.adminToken}`);
      expect(bearer.status).toBe(401);
      // Nothing was written by those attempts.
      expect((await posGet(platform, a.posKeys[0], `/members/${xMember.id}`)).body.purchaseCount).toBe(1);
    });

    it('refuses a revoked key at once after revokePosApiKey', async () => {
      const issued = await gql(platform, a.adminToken, 'mutation($s: UUID!) { issuePosApiKey(storeId: $s, name: "to-revoke") { key apiKey { id storeId revokedAt } } }', {
        s: a.stores[1].id,
      });
      expect(issued.body.errors).toBeUndefined();
      const { key, apiKey } = issued.body.data.issuePosApiKey;
      expect(apiKey).toMatchObject({ storeId: a.stores[1].id, revokedAt: null });

      // Used once (and so cached by the authenticator).
      expect((await posGet(platform, key, `/members/${xMember.id}`)).status).toBe(200);

      const revoked = await gql(platform, a.adminToken, 'mutation($id: UUID!) { revokePosApiKey(id: $id) { id revokedAt } }', { id: apiKey.id });
      expect(revoked.body.errors).toBeUndefined();
      expect(revoked.body.data.revokePosApiKey.revokedAt).not.toBeNull();

      const read = await posGet(platform, key, `/members/${xMember.id}`);
      expect(read.status).toBe(401);
      expect(read.body.code).toBe('UNAUTHENTICATED');
      const write = await posPost(platform, key, '/purchases', { memberId: xMember.id, orderNo: idemKey(), amountFen: 100 });
      expect(write.status).toBe(401);
      expect(write.body.code).toBe('UNAUTHENTICATED');
      // The store's other keys are unaffected.
      expect((await posGet(platform, a.posKeys[1], `/members/${xMember.id}`)).status).toBe(200);
    });
  });

  describe('in one group-commit batch of several tenants', () => {
    it('does not let a job see a member another tenant’s job loaded earlier in the batch', async () => {
      const batcher = platform.app.get(WriteBatcher);
      const handler = platform.app.get(RedeemPointsHandler);
      const redeem = (ctx: RequestContext, memberId: string) =>
        batcher.submit(handler, {
          ctx,
          key: idemKey(),
          endpoint: 'POST /api/pos/v1/redemptions',
          body: { memberId, points: 1, orderNo: 'batch' },
          data: { memberId, points: 1, orderNo: 'batch' },
        });
      // Submitted together, the three share a batch: X's jobs load X's member, then Y's job names
      // that member's id.
      const [, inX, fromY] = await Promise.allSettled([redeem(posContext(x, a), xMember.id), redeem(posContext(x, a), xMember.id), redeem(posContext(y, ym), xMember.id)]);
      expect(inX.status).toBe('fulfilled');
      expect(fromY.status).toBe('rejected');
      expect((fromY as PromiseRejectedResult).reason).toMatchObject({ code: 'MEMBER_NOT_FOUND' });
      const yRedemptions = await systemQuery<{ count: number }>(platform, `select count(*) as count from ledger_transfer where tenant_id = ? and kind = 'REDEEM'`, [y.tenantId]);
      expect(yRedemptions[0].count).toBe(0);
    });
  });
});
