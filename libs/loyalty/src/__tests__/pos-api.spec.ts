import { CommandBus } from '@nestjs/cqrs';
import { bootTestPlatform, createTenant, idemKey, type MerchantFixture, posContext, posGet, posPost, systemQuery, type TenantFixture, type TestPlatform, uniquePhone } from '@loyalty/testing';
import { RecordPurchaseCommand, RecordPurchaseHandler } from '../application/commands/record-purchase.command';

describe('POS API v1 (end to end, real PostgreSQL)', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  let key: string;

  beforeAll(async () => {
    platform = await bootTestPlatform();
    tenant = await createTenant(platform.app, { merchants: 2 });
    key = tenant.merchants[0].posKeys[0];
  });
  afterAll(() => platform.close());

  async function register(phone = uniquePhone()) {
    const res = await posPost(platform, key, '/members', { phone, name: '测试会员' });
    expect(res.status).toBe(201);
    return res.body as { id: string; phone: string };
  }

  it('registers a member by phone once, and answers 200 with the same member afterwards', async () => {
    const phone = uniquePhone();
    const first = await posPost(platform, key, '/members', { phone: `+86 ${phone}`, name: '李四', gender: 'female', birthday: '1990-05-01', externalId: 'C-001' });
    expect(first.status).toBe(201);
    expect(first.body).toMatchObject({ phone, name: '李四', gender: 'female', birthday: '1990-05-01', externalId: 'C-001' });
    const again = await posPost(platform, key, '/members', { phone });
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    // Another merchant of the alliance shares the identity.
    const elsewhere = await posPost(platform, tenant.merchants[1].posKeys[0], '/members', { phone });
    expect(elsewhere.status).toBe(200);
    expect(elsewhere.body.id).toBe(first.body.id);
  });

  it('looks members up by id, phone and this merchant’s external id', async () => {
    const phone = uniquePhone();
    const member = (await posPost(platform, key, '/members', { phone, externalId: `EXT-${phone}` })).body;
    for (const path of [`/members/${member.id}`, `/members?phone=${phone}`, `/members?externalId=EXT-${phone}`]) {
      const res = await posGet(platform, key, path);
      expect(res.status).toBe(200);
      expect(res.body.member.id).toBe(member.id);
    }
    // External ids are the merchant's own: another merchant does not find the member by it.
    expect((await posGet(platform, tenant.merchants[1].posKeys[0], `/members?externalId=EXT-${phone}`)).status).toBe(404);
    expect((await posGet(platform, key, '/members')).body.code).toBe('VALIDATION_FAILED');
  });

  it('earns 1 point per whole yuan, rounded down per purchase, with a 12-month expiry', async () => {
    const member = await register();
    const res = await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 12_399 });
    expect(res.status).toBe(201);
    expect(res.body).toMatchObject({ pointsEarned: 123, pointsBalance: 123 });
    const expires = new Date(res.body.expiresAt);
    const inAYear = new Date();
    inAYear.setUTCFullYear(inAYear.getUTCFullYear() + 1);
    expect(Math.abs(expires.getTime() - inAYear.getTime())).toBeLessThan(60_000);
    const view = (await posGet(platform, key, `/members/${member.id}`)).body;
    expect(view).toMatchObject({ pointsBalance: 123, purchaseCount: 1, grossSpendFen: 12_399, refundedFen: 0, pointsExpiringIn30Days: 0 });
    expect(view.recentTransfers[0]).toMatchObject({ kind: 'EARN', amount: 123 });
  });

  it('finds the members of one batch by id and by phone together, one member by both, and refuses only the unknown one', async () => {
    const [byId, byPhone] = [await register(), await register()];
    const ctx = posContext(tenant.merchants[0]);
    const handler = platform.app.get(RecordPurchaseHandler);
    const applyBatch = jest.spyOn(handler, 'applyBatch');
    try {
      // Submitted in one turn of the event loop: one batch.
      const outcomes = await Promise.allSettled(
        [{ memberId: byId.id }, { phone: byPhone.phone }, { phone: uniquePhone() }, { phone: byId.phone }].map((ref) =>
          platform.app.get(CommandBus).execute(new RecordPurchaseCommand(ctx, { ...ref, orderNo: idemKey(), amountFen: 1_000 }, idemKey())),
        ),
      );
      expect(applyBatch).toHaveBeenCalledTimes(1);
      expect(outcomes.map((o) => (o.status === 'fulfilled' ? o.value.body.pointsEarned : o.reason.code))).toEqual([10, 10, 'MEMBER_NOT_FOUND', 10]);
    } finally {
      applyBatch.mockRestore();
    }
    expect((await posGet(platform, key, `/members/${byId.id}`)).body.pointsBalance).toBe(20);
    expect((await posGet(platform, key, `/members/${byPhone.id}`)).body.pointsBalance).toBe(10);
  });

  it('applies purchases at two merchants of the alliance in one batch: each row, transfer and event its own merchant’s', async () => {
    const member = await register();
    const [first, second] = tenant.merchants;
    const applyBatch = jest.spyOn(platform.app.get(RecordPurchaseHandler), 'applyBatch');
    const orders: [MerchantFixture, string, number][] = [
      [first, idemKey(), 1_000],
      [second, idemKey(), 2_500],
      [first, idemKey(), 300],
    ];
    try {
      // Submitted in one turn of the event loop: one batch.
      const outcomes = await Promise.all(
        orders.map(([at, orderNo, amountFen]) => platform.app.get(CommandBus).execute(new RecordPurchaseCommand(posContext(at), { memberId: member.id, orderNo, amountFen }, idemKey()))),
      );
      expect(applyBatch).toHaveBeenCalledTimes(1);
      expect(outcomes.map((o) => [o.body.pointsEarned, o.body.pointsBalance])).toEqual([
        [10, 10],
        [25, 35],
        [3, 38],
      ]);
    } finally {
      applyBatch.mockRestore();
    }
    const recorded = await systemQuery<{ orderNo: string; purchase: string; spend: string; issuer: string; transfer: string; event: string }>(
      platform,
      `select p.order_no as "orderNo", p.merchant_id as purchase, s.merchant_id as spend, a.owner_id as issuer, t.merchant_id as transfer, e.payload->>'merchantId' as event
       from purchase p join qualifying_spend s on s.id = p.id
       join ledger_transfer t on t.id = p.earn_transfer_id join ledger_account a on a.id = t.debit_account_id
       join outbox_event e on e.payload->>'transferId' = t.id::text
       where p.order_no = any(?::text[])`,
      [`{${orders.map(([, orderNo]) => orderNo).join(',')}}`],
    );
    const merchantOf = ([at]: (typeof orders)[number]) => at.merchant.id;
    expect(Object.fromEntries(recorded.map(({ orderNo, ...merchants }) => [orderNo, merchants]))).toEqual(
      Object.fromEntries(orders.map((order) => [order[1], { purchase: merchantOf(order), spend: merchantOf(order), issuer: merchantOf(order), transfer: merchantOf(order), event: merchantOf(order) }])),
    );
  });

  it('replays the original response for the same key and body, and conflicts for another body', async () => {
    const member = await register();
    const k = idemKey();
    const body = { phone: member.phone, orderNo: idemKey(), amountFen: 5_000 };
    const first = await posPost(platform, key, '/purchases', body, k);
    const retry = await posPost(platform, key, '/purchases', { ...body }, k);
    expect(retry.status).toBe(first.status);
    expect(retry.body).toEqual(first.body);
    const [{ count }] = await systemQuery<{ count: number }>(platform, 'select count(*) as count from purchase where member_id = ?', [member.id]);
    expect(count).toBe(1);
    const conflict = await posPost(platform, key, '/purchases', { ...body, amountFen: 5_001 }, k);
    expect(conflict.status).toBe(409);
    expect(conflict.body.code).toBe('IDEMPOTENCY_CONFLICT');
    // The same key on another endpoint is a different request.
    const other = await posPost(platform, key, '/redemptions', { memberId: member.id, points: 1, orderNo: 'x' }, k);
    expect(other.body.code).toBe('IDEMPOTENCY_CONFLICT');
  });

  it('serialises concurrent retries of one key into one effect', async () => {
    const member = await register();
    const k = idemKey();
    const body = { memberId: member.id, orderNo: idemKey(), amountFen: 10_000 };
    const responses = await Promise.all(Array.from({ length: 10 }, () => posPost(platform, key, '/purchases', body, k)));
    expect(new Set(responses.map((r) => r.status))).toEqual(new Set([201]));
    expect(new Set(responses.map((r) => r.body.purchaseId)).size).toBe(1);
    expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsBalance).toBe(100);
  });

  it('refuses a second purchase with the same orderNo at the store under another key', async () => {
    const member = await register();
    const orderNo = idemKey();
    expect((await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 100 })).status).toBe(201);
    const dup = await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 100 });
    expect(dup.status).toBe(409);
    expect(dup.body.code).toBe('DUPLICATE_ORDER');
    // The same order number at another store is another order.
    expect((await posPost(platform, tenant.merchants[0].posKeys[1], '/purchases', { memberId: member.id, orderNo, amountFen: 100 })).status).toBe(201);
  });

  it('redeems points and refuses to overdraw with nothing changed', async () => {
    const member = await register();
    await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 30_000 });
    const ok = await posPost(platform, key, '/redemptions', { memberId: member.id, points: 120, orderNo: 'R-1' });
    expect(ok.status).toBe(201);
    expect(ok.body).toMatchObject({ pointsRedeemed: 120, pointsBalance: 180 });
    const tooMuch = await posPost(platform, key, '/redemptions', { phone: member.phone, points: 181, orderNo: 'R-2' });
    expect(tooMuch.status).toBe(422);
    expect(tooMuch.body).toMatchObject({ code: 'INSUFFICIENT_POINTS', details: { available: 180, requested: 181 } });
    expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsBalance).toBe(180);
  });

  it('keeps working after a refused first write opened accounts that were rolled back', async () => {
    const fresh = await createTenant(platform.app, { alliance: false });
    const freshKey = fresh.merchants[0].posKeys[0];
    const member = (await posPost(platform, freshKey, '/members', { phone: uniquePhone() })).body;
    // The member's points account and the merchant's redemption account open, then roll back.
    expect((await posPost(platform, freshKey, '/redemptions', { memberId: member.id, points: 10, orderNo: 'R' })).body.code).toBe('INSUFFICIENT_POINTS');
    const purchase = await posPost(platform, freshKey, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 2_000 });
    expect(purchase.status).toBe(201);
    expect((await posPost(platform, freshKey, '/redemptions', { memberId: member.id, points: 10, orderNo: 'R2' })).body).toMatchObject({ pointsBalance: 10 });
  });

  it('spends points earned at one merchant at another merchant of the alliance', async () => {
    const member = await register();
    await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 10_000 });
    const other = tenant.merchants[1].posKeys[0];
    const res = await posPost(platform, other, '/redemptions', { memberId: member.id, points: 60, orderNo: 'X' });
    expect(res.status).toBe(201);
    expect(res.body.pointsBalance).toBe(40);
    const [row] = await systemQuery<{ code: string; credits_posted: number }>(
      platform,
      `select a.code, a.credits_posted from ledger_transfer t join ledger_account a on a.id = t.credit_account_id where t.id = ?`,
      [res.body.transferId],
    );
    expect(row).toEqual({ code: 'MERCHANT_REDEMPTION', credits_posted: 60 });
  });

  it('ends 200 concurrent redemptions against one member at the exact balance, never below zero', async () => {
    const member = await register();
    // 150 points: 150 of the 200 one-point redemptions can succeed.
    await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 15_000 });
    const responses = await Promise.all(
      Array.from({ length: 200 }, (_, i) => posPost(platform, tenant.merchants[i % 2].posKeys[i % 2], '/redemptions', { memberId: member.id, points: 1, orderNo: `C-${i}` })),
    );
    const statuses = responses.map((r) => r.status);
    expect(statuses.filter((s) => s === 201)).toHaveLength(150);
    expect(statuses.filter((s) => s === 422)).toHaveLength(50);
    expect(responses.filter((r) => r.status === 422).every((r) => r.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
    const view = (await posGet(platform, key, `/members/${member.id}`)).body;
    expect(view.pointsBalance).toBe(0);
    const [account] = await systemQuery<{ debits_posted: number; credits_posted: number }>(
      platform,
      `select debits_posted, credits_posted from ledger_account where owner_id = ? and code = 'MEMBER_POINTS'`,
      [member.id],
    );
    expect(account).toEqual({ debits_posted: 150, credits_posted: 150 });
  });

  it('ends concurrent redemptions in separate transactions (one per request, several at once, as on several instances) at the exact balance', async () => {
    // The default batcher applies concurrent requests one after another in one transaction; this
    // platform runs each request in its own transaction, eight at once, so they race for the rows.
    const racing = await bootTestPlatform({ WRITE_BATCH_MAX: '1', WRITE_BATCH_IN_FLIGHT: '8' });
    try {
      const member = await register();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 6_000 });
      const responses = await Promise.all(
        Array.from({ length: 80 }, (_, i) => posPost(racing, tenant.merchants[i % 2].posKeys[i % 2], '/redemptions', { memberId: member.id, points: 1, orderNo: `R-${i}` })),
      );
      expect(responses.filter((r) => r.status === 201)).toHaveLength(60);
      expect(responses.filter((r) => r.status === 422).every((r) => r.body.code === 'INSUFFICIENT_POINTS')).toBe(true);
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsBalance).toBe(0);
    } finally {
      await racing.close();
    }
  });

  describe('refunds', () => {
    it('reverses points in proportion over partial refunds, all of them at the full refund', async () => {
      const member = await register();
      const orderNo = idemKey();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 10_050 }); // 100 points
      const part = await posPost(platform, key, '/refunds', { orderNo, amountFen: 3_333 });
      expect(part.status).toBe(201);
      // floor(100 × 3333 / 10050) = 33
      expect(part.body).toMatchObject({ refundedFen: 3_333, pointsReversed: 33, pointsOwed: 0, pointsBalance: 67 });
      const rest = await posPost(platform, key, '/refunds', { orderNo });
      expect(rest.body).toMatchObject({ refundedFen: 6_717, pointsReversed: 67, pointsBalance: 0 });
      const again = await posPost(platform, key, '/refunds', { orderNo });
      expect(again.status).toBe(422);
      expect(again.body.code).toBe('ORDER_ALREADY_REFUNDED');
      const view = (await posGet(platform, key, `/members/${member.id}`)).body;
      expect(view).toMatchObject({ grossSpendFen: 10_050, refundedFen: 10_050, pointsBalance: 0 });
    });

    it('refuses to refund more than is left of the order, or an unknown order', async () => {
      const member = await register();
      const orderNo = idemKey();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 1_000 });
      const over = await posPost(platform, key, '/refunds', { orderNo, amountFen: 1_001 });
      expect(over.status).toBe(422);
      expect(over.body).toMatchObject({ code: 'REFUND_EXCEEDS_PURCHASE', details: { refundableFen: 1_000 } });
      expect((await posPost(platform, key, '/refunds', { orderNo: 'no-such-order' })).body.code).toBe('ORDER_NOT_FOUND');
      // An order is refunded at the store that recorded it.
      expect((await posPost(platform, tenant.merchants[1].posKeys[0], '/refunds', { orderNo })).status).toBe(404);
    });

    it('books points the member already spent as a debt, paid from the next earnings', async () => {
      const member = await register();
      const orderNo = idemKey();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 20_000 }); // 200
      await posPost(platform, key, '/redemptions', { memberId: member.id, points: 150, orderNo: 'spend' });
      const refund = await posPost(platform, key, '/refunds', { orderNo });
      expect(refund.body).toMatchObject({ pointsReversed: 50, pointsOwed: 150, pointsBalance: 0 });
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsOwed).toBe(150);
      const next = await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 10_000 }); // 100
      expect(next.body).toMatchObject({ pointsEarned: 100, pointsAppliedToDebt: 100, pointsBalance: 0 });
      const after = await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 8_000 }); // 80
      expect(after.body).toMatchObject({ pointsEarned: 80, pointsAppliedToDebt: 50, pointsBalance: 30 });
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsOwed).toBe(0);
      // The merchant's issuance was reversed in full: 200 + 100 + 80 issued, 200 reversed.
      const [issuance] = await systemQuery<{ debits_posted: number; credits_posted: number }>(
        platform,
        `select debits_posted, credits_posted from ledger_account where owner_id = ? and code = 'MERCHANT_ISSUANCE'`,
        [tenant.merchants[0].merchant.id],
      );
      expect(issuance.debits_posted - issuance.credits_posted).toBeGreaterThan(0);
    });

    it('takes back the points of the refunded order first, not other lots', async () => {
      const member = await register();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 5_000, occurredAt: new Date(Date.now() - 86_400_000).toISOString() });
      const orderNo = idemKey();
      const later = await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 7_000 });
      await posPost(platform, key, '/refunds', { orderNo });
      const lots = await systemQuery<{ amount: number; remaining: number }>(
        platform,
        `select l.amount, l.remaining from ledger_lot l join ledger_account a on a.id = l.account_id where a.owner_id = ? order by l.created_at`,
        [member.id],
      );
      expect(lots).toEqual([
        { amount: 50, remaining: 50 },
        { amount: 70, remaining: 0 },
      ]);
      expect(later.body.pointsEarned).toBe(70);
    });
    it('gives back the points the till redeemed under the order’s number, in proportion, with another member’s order of that number left alone', async () => {
      const member = await register();
      const other = await register();
      for (const m of [member, other]) expect((await posPost(platform, key, '/purchases', { memberId: m.id, orderNo: idemKey(), amountFen: 1000_00 })).status).toBe(201);
      // 积分抵现 at the till: 300 points off, then the order's 70.00 in money (70 points), under one number.
      const orderNo = idemKey();
      expect((await posPost(platform, key, '/redemptions', { memberId: member.id, points: 300, orderNo })).body.pointsBalance).toBe(700);
      expect((await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 70_00 })).body.pointsBalance).toBe(770);
      expect((await posPost(platform, key, '/redemptions', { memberId: other.id, points: 100, orderNo })).status).toBe(201);
      // Half the money back: 35 of the 70 earned go, 150 of the 300 redeemed come back.
      const half = await posPost(platform, key, '/refunds', { orderNo, amountFen: 35_00 });
      expect(half.body).toMatchObject({ pointsReversed: 35, pointsBalance: 770 - 35 + 150 });
      const rest = await posPost(platform, key, '/refunds', { orderNo });
      expect(rest.body).toMatchObject({ pointsReversed: 35, pointsBalance: 1000 });
      expect((await posGet(platform, key, `/members/${other.id}`)).body.pointsBalance).toBe(900);
    });

    it('takes the refunded order’s earnings from the points it gives back, so no debt arises while the member holds points', async () => {
      const member = await register();
      expect((await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 300_00 })).status).toBe(201);
      const orderNo = idemKey();
      await posPost(platform, key, '/redemptions', { memberId: member.id, points: 300, orderNo });
      expect((await posPost(platform, key, '/purchases', { memberId: member.id, orderNo, amountFen: 50_00 })).body.pointsBalance).toBe(50);
      // The 50 earned on the order are spent elsewhere before the refund.
      expect((await posPost(platform, key, '/redemptions', { memberId: member.id, points: 50, orderNo: idemKey() })).body.pointsBalance).toBe(0);
      const refund = await posPost(platform, key, '/refunds', { orderNo });
      expect(refund.body).toMatchObject({ pointsReversed: 50, pointsOwed: 0, pointsBalance: 250 });
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsOwed).toBe(0);
    });
  });

  describe('returns without the original order', () => {
    it('claws back the points the amount would earn', async () => {
      const member = await register();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 50_000 });
      const res = await posPost(platform, key, '/returns', { phone: member.phone, amountFen: 12_345 });
      expect(res.status).toBe(201);
      expect(res.body).toMatchObject({ pointsClawedBack: 123, pointsBalance: 377 });
      expect((await posGet(platform, key, `/members/${member.id}`)).body.refundedFen).toBe(12_345);
    });

    it('never takes more than the member holds', async () => {
      const member = await register();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 4_000 });
      const res = await posPost(platform, key, '/returns', { memberId: member.id, amountFen: 100_000 });
      expect(res.body).toMatchObject({ pointsClawedBack: 40, pointsBalance: 0 });
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsOwed).toBe(0);
    });

    it('takes no more than the member holds when returns arrive together, and a return for no member fails alone', async () => {
      const member = await register();
      await posPost(platform, key, '/purchases', { memberId: member.id, orderNo: idemKey(), amountFen: 10_000 });
      // Six returns of 30 points each against 100 held, at once (one batch or a few).
      const [missing, ...results] = await Promise.all([
        posPost(platform, key, '/returns', { memberId: '00000000-0000-4000-8000-000000000000', amountFen: 3_000 }),
        ...Array.from({ length: 6 }, () => posPost(platform, key, '/returns', { memberId: member.id, amountFen: 3_000 })),
      ]);
      expect(missing.status).toBe(404);
      expect(missing.body.code).toBe('MEMBER_NOT_FOUND');
      expect(results.map((r) => r.status)).toEqual([201, 201, 201, 201, 201, 201]);
      const taken = results.map((r) => r.body.pointsClawedBack as number);
      expect(taken.reduce((sum, n) => sum + n, 0)).toBe(100);
      expect(taken.filter((n) => n === 30)).toHaveLength(3);
      expect(Math.min(...results.map((r) => r.body.pointsBalance as number))).toBe(0);
      expect((await posGet(platform, key, `/members/${member.id}`)).body.pointsBalance).toBe(0);
    });
  });
});
