import {
  bootPluginTestPlatform,
  createTenant,
  disablePlugin,
  enablePlugin,
  gql,
  gqlData,
  gqlError,
  idemKey,
  pluginPosPost,
  posGet,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

const DAY = 86_400_000;
/** The merchant's calendar date of an instant (merchants are in Asia/Shanghai by default). */
const dayOf = (instant: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai', year: 'numeric', month: '2-digit', day: '2-digit' }).format(instant);
const daysAgo = (days: number) => new Date(Date.now() - days * DAY);

/** 普通 earns the base 100 a night; 金卡 150 a night (or ×1.5 by amount) with late checkout, upgrade and breakfast. */
const SETTINGS = { levels: { GOLD: { pointsPerNight: 150, amountMultiplierPermille: 1_500, lateCheckoutUntil: '14:00', roomUpgrade: true, breakfastsPerNight: 2 } } };

/**
 * The merchant's levels: 金卡 (points ×1.5 on ordinary purchases) at 5 nights or ¥5,000 spent;
 * 钻石 at 3 stays in the last 12 months with 6 nights in all.
 */
const LEVELS = {
  name: '酒店会员',
  levels: [
    { code: 'REGULAR', name: '普通会员' },
    {
      code: 'GOLD',
      name: '金卡',
      conditions: [{ all: [{ metric: 'MEASURE', measure: 'hotel.nights', min: 5 }] }, { all: [{ metric: 'CUMULATIVE_SPEND', min: 5_000_00 }] }],
      benefits: { pointsMultiplierPermille: 1_500 },
    },
    {
      code: 'DIAMOND',
      name: '钻石',
      conditions: [{ all: [{ metric: 'MEASURE', measure: 'hotel.stays', windowMonths: 12, min: 3 }, { metric: 'MEASURE', measure: 'hotel.nights', min: 6 }] }],
      benefits: { pointsMultiplierPermille: 2_000 },
    },
  ],
};

/**
 * The hotel plugin (酒店) on the real platform and PostgreSQL: merchant 0 has it on, merchant 1
 * (same alliance) does not.
 */
describe('hotel plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];

  const hotel = (path: string, body: Record<string, unknown>, key?: string, merchant = on) => pluginPosPost(platform, tenant.merchants[merchant].posKeys[0], 'hotel', path, body, key);
  const register = async () => {
    const phone = uniquePhone();
    const res = await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone });
    return { phone, id: res.body.id as string };
  };
  const balanceOf = async (memberId: string) => (await posGet(platform, tenant.merchants[on].posKeys[0], `/members/${memberId}`)).body.pointsBalance as number;
  const levelOf = async (memberId: string) => (await posGet(platform, tenant.merchants[on].posKeys[0], `/members/${memberId}/level`)).body.levelCode as string;
  /** Books a stay of `nights` nights that began `nights` days ago (with `booking` extras) and checks it in then. */
  const arrive = async (memberId: string, reservationNo: string, nights: number, booking: Record<string, unknown> = {}) => {
    const booked = await hotel('bookings', { memberId, reservationNo, roomType: '豪华大床房', arrivalOn: dayOf(daysAgo(nights)), departureOn: dayOf(new Date()), nightlyRateFen: 300_00, ...booking });
    expect(booked.status).toBe(201);
    const checkedIn = await hotel('check-ins', { reservationNo, roomNo: '808', occurredAt: daysAgo(nights).toISOString() });
    expect(checkedIn.status).toBe(201);
    return checkedIn.body;
  };
  /** A whole stay: booked, checked in `nights` days ago, checked out now with the folio. */
  const stay = async (memberId: string, reservationNo: string, nights: number, folioFen: number) => {
    await arrive(memberId, reservationNo, nights);
    const res = await hotel('check-outs', { reservationNo, folioFen });
    expect(res.status).toBe(201);
    return res.body;
  };
  const purchaseOf = async (orderNo: string) =>
    (
      await systemQuery<{ amountFen: number; pointsEarned: number; refundedFen: number; pointsReversed: number; lines: { attributes: Record<string, unknown> }[] }>(
        platform,
        `select amount_fen as "amountFen", points_earned as "pointsEarned", refunded_fen as "refundedFen", points_reversed as "pointsReversed", lines
         from purchase where merchant_id = ? and order_no = ?`,
        [tenant.merchants[on].merchant.id, orderNo],
      )
    )[0];
  const merchantId = () => tenant.merchants[on].merchant.id;
  const setSettings = (settings: Record<string, unknown>) =>
    gqlData(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "hotel", settings: $s) { settings } }', { s: settings });

  let gold: { phone: string; id: string };

  beforeAll(async () => {
    platform = await bootPluginTestPlatform(['@loyalty/plugin-hotel']);
    tenant = await createTenant(platform.app, { merchants: 2 });
    await enablePlugin(platform, tenant.merchants[on].adminToken, 'hotel', { settings: SETTINGS });
    await gqlData(platform, tenant.merchants[on].adminToken, 'mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }', {
      i: { ...LEVELS, merchantId: tenant.merchants[on].merchant.id },
    });
    // A 金卡 member: ¥5,000 spent at the hotel's restaurant.
    gold = await register();
    await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { memberId: gold.id, orderNo: 'GOLD-1', amountFen: 5_000_00 });
    expect(await levelOf(gold.id)).toBe('GOLD');
  });
  afterAll(() => platform.close());

  describe('points by level', () => {
    it('books, checks in and checks out a stay: 普通 earns 100 points a night, its folio a purchase', async () => {
      const member = await register();
      const checkedIn = await arrive(member.id, 'R-100', 2);
      expect(checkedIn).toMatchObject({ status: 'checked_in', roomNo: '808', levelCode: 'REGULAR', benefits: { lateCheckoutUntil: null, roomUpgrade: false, breakfastsPerNight: 0 }, checkoutTime: '12:00' });
      const res = await hotel('check-outs', { reservationNo: 'R-100', folioFen: 600_00 });
      expect(res.body).toMatchObject({ status: 'checked_out', nights: 2, folioFen: 600_00, pointsEarned: 200, depositPointsReversed: 0, pointsBalance: 200, levelAfter: 'REGULAR' });
      expect(await purchaseOf('R-100/folio')).toMatchObject({ amountFen: 600_00, pointsEarned: 200, lines: [expect.objectContaining({ quantity: 2, attributes: expect.objectContaining({ hotelPoints: 200 }) })] });
      const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, "select payload from outbox_event where type = 'hotel.stay-checked-out.v1' and key = ?", [member.id]);
      expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ reservationNo: 'R-100', nights: 2, folioFen: 600_00, points: 200, levelCode: 'REGULAR' })]);
    });

    it('gives 金卡 its own 150 a night, not multiplied again by the level’s ×1.5 — which its other purchases still get', async () => {
      const before = await balanceOf(gold.id);
      expect((await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { memberId: gold.id, orderNo: 'GOLD-2', amountFen: 100_00 })).body.pointsEarned).toBe(150);
      const res = await stay(gold.id, 'R-200', 2, 600_00);
      expect(res).toMatchObject({ nights: 2, pointsEarned: 300, levelBefore: 'GOLD' });
      expect(await balanceOf(gold.id)).toBe(before + 150 + 300);
      expect((await purchaseOf('R-200/folio')).pointsEarned).toBe(300);
    });

    it('earns per yuan of the folio with the level’s multiplier when set so, applied once', async () => {
      await setSettings({ ...SETTINGS, earnBasis: 'amount', pointsPerYuan: 2 });
      try {
        const member = await register();
        // ¥333.99: 333 whole yuan × 2 = 666; for 金卡 × 1.5 = 999 (not 1,498).
        expect((await stay(member.id, 'R-300', 1, 333_99)).pointsEarned).toBe(666);
        expect((await stay(gold.id, 'R-301', 1, 333_99)).pointsEarned).toBe(999);
      } finally {
        await setSettings(SETTINGS);
      }
    });
  });

  describe('benefits', () => {
    it('applies the level’s benefits to the stay at check-in, recorded on it and shown to the desk', async () => {
      const checkedIn = await arrive(gold.id, 'R-400', 1);
      expect(checkedIn).toMatchObject({ levelCode: 'GOLD', levelName: '金卡', benefits: { lateCheckoutUntil: '14:00', roomUpgrade: true, breakfastsPerNight: 2 }, checkoutTime: '14:00' });
      const regular = await register();
      await arrive(regular.id, 'R-401', 1);

      const inHouse = await gqlData(platform, tenant.merchants[on].clerkToken, '{ hotelStays(status: "checked_in") { reservationNo levelCode lateCheckoutUntil roomUpgrade breakfastsPerNight roomNo } }');
      expect(inHouse.hotelStays).toEqual(
        expect.arrayContaining([
          { reservationNo: 'R-400', levelCode: 'GOLD', lateCheckoutUntil: '14:00', roomUpgrade: true, breakfastsPerNight: 2, roomNo: '808' },
          { reservationNo: 'R-401', levelCode: 'REGULAR', lateCheckoutUntil: null, roomUpgrade: false, breakfastsPerNight: 0, roomNo: '808' },
        ]),
      );
      const member = await gqlData(platform, tenant.merchants[on].clerkToken, `{ member(id: "${gold.id}") { member { hotelStays { reservationNo status lateCheckoutUntil } } } }`);
      expect(member.member.member.hotelStays[0]).toEqual({ reservationNo: 'R-400', status: 'checked_in', lateCheckoutUntil: '14:00' });
      // The benefits stay with the stay through its check-out.
      await hotel('check-outs', { reservationNo: 'R-400', folioFen: 300_00 });
      const [row] = await systemQuery(platform, 'select status, late_checkout_until as "late", room_upgrade as "upgrade", breakfasts_per_night as "breakfasts" from hotel_stay where reservation_no = ? and merchant_id = ?', [
        'R-400',
        tenant.merchants[on].merchant.id,
      ]);
      expect(row).toEqual({ status: 'checked_out', late: '14:00', upgrade: true, breakfasts: 2 });
    });
  });

  describe('levels', () => {
    it('raises a member at the check-out that reaches a level rule on nights, and counts stays in a window', async () => {
      const member = await register();
      expect(await stay(member.id, 'R-500', 3, 900_00)).toMatchObject({ pointsEarned: 300, levelBefore: 'REGULAR', levelAfter: 'REGULAR' });
      // 3 + 2 nights: 金卡 at once; the stay itself earned at the level it was made at.
      expect(await stay(member.id, 'R-501', 2, 600_00)).toMatchObject({ pointsEarned: 200, levelBefore: 'REGULAR', levelAfter: 'GOLD' });
      const history = await systemQuery<{ toCode: string; note: string; orderNo: string }>(
        platform,
        'select to_code as "toCode", note, order_no as "orderNo" from member_level_change where member_id = ? order by occurred_at',
        [member.id],
      );
      expect(history).toEqual([{ toCode: 'GOLD', note: '金卡: hotel.nights 5 ≥ 5', orderNo: 'R-501/folio' }]);
      // The third stay in 12 months, 6 nights in all: 钻石; it earned 金卡's 150.
      expect(await stay(member.id, 'R-502', 1, 300_00)).toMatchObject({ pointsEarned: 150, levelBefore: 'GOLD', levelAfter: 'DIAMOND' });
      const totals = await gqlData(platform, tenant.merchants[on].clerkToken, `{ member(id: "${member.id}") { member { hotelStayTotals { stays nights } } } }`);
      expect(totals.member.member.hotelStayTotals).toEqual({ stays: 3, nights: 6 });
    });
  });

  describe('cancellations and no-shows', () => {
    it('reverses a prepaid booking’s pre-earned points when it is cancelled; the fee is a purchase of its own', async () => {
      const member = await register();
      const tomorrow = dayOf(new Date(Date.now() + DAY));
      const inThree = dayOf(new Date(Date.now() + 3 * DAY));
      const booked = await hotel('bookings', { memberId: member.id, reservationNo: 'R-600', roomType: '标准双床房', arrivalOn: tomorrow, departureOn: inThree, nightlyRateFen: 250_00, prepaidFen: 500_00 });
      expect(booked.body).toMatchObject({ status: 'booked', nights: 2, points: 200, deposit: { orderNo: 'R-600/deposit', amountFen: 500_00, pointsEarned: 200, pointsBalance: 200 } });

      const cancelled = await hotel('cancellations', { reservationNo: 'R-600', reason: 'cancelled', feeFen: 100_00 });
      expect(cancelled.body).toMatchObject({ status: 'cancelled', points: 0, pointsReversed: 200, pointsOwed: 0, fee: { orderNo: 'R-600/fee', amountFen: 100_00 }, pointsBalance: 0 });
      expect(await balanceOf(member.id)).toBe(0);
      expect(await purchaseOf('R-600/deposit')).toMatchObject({ amountFen: 500_00, refundedFen: 500_00, pointsEarned: 200, pointsReversed: 200 });
      expect(await purchaseOf('R-600/fee')).toMatchObject({ amountFen: 100_00, pointsEarned: 0, refundedFen: 0 });
      // The ledger: the earning and its reversal, nothing else.
      const transfers = await systemQuery<{ kind: string; amount: number }>(
        platform,
        `select t.kind, t.amount from ledger_transfer t join ledger_account a on a.id in (t.debit_account_id, t.credit_account_id)
         where a.owner_id = ? and a.code = 'MEMBER_POINTS' order by t.created_at`,
        [member.id],
      );
      expect(transfers.map((t) => [t.kind, t.amount])).toEqual([
        ['EARN', 200],
        ['REVERSAL', 200],
      ]);
      // Spend for levels: the refunded prepayment counts nothing, the fee its amount.
      const [spend] = await systemQuery<{ net: number }>(platform, 'select sum(amount_fen - refunded_fen)::int8 as net from qualifying_spend where member_id = ?', [member.id]);
      expect(spend.net).toBe(100_00);
      const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, "select payload from outbox_event where type = 'hotel.stay-cancelled.v1' and key = ?", [member.id]);
      expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ reservationNo: 'R-600', reason: 'cancelled', pointsReversed: 200, feeFen: 100_00 })]);
    });

    it('reverses a no-show’s pre-earned points, those already spent as the member’s debt, and refuses a no-show before the arrival date', async () => {
      const member = await register();
      const early = await hotel('bookings', {
        memberId: member.id,
        reservationNo: 'R-701',
        roomType: '标准双床房',
        arrivalOn: dayOf(new Date(Date.now() + DAY)),
        departureOn: dayOf(new Date(Date.now() + 2 * DAY)),
        nightlyRateFen: 250_00,
      });
      expect(early.status).toBe(201);
      const tooSoon = await hotel('cancellations', { reservationNo: 'R-701', reason: 'no-show' });
      expect([tooSoon.status, tooSoon.body.code]).toEqual([422, 'NO_SHOW_BEFORE_ARRIVAL']);

      await hotel('bookings', { memberId: member.id, reservationNo: 'R-700', roomType: '标准双床房', arrivalOn: dayOf(new Date()), departureOn: dayOf(new Date(Date.now() + DAY)), nightlyRateFen: 300_00, prepaidFen: 300_00 });
      expect(await balanceOf(member.id)).toBe(100);
      const redeemed = await posPost(platform, tenant.merchants[on].posKeys[0], '/redemptions', { memberId: member.id, points: 60, orderNo: 'SPA-1' });
      expect(redeemed.status).toBe(201);

      const noShow = await hotel('cancellations', { reservationNo: 'R-700', reason: 'no-show' });
      expect(noShow.body).toMatchObject({ status: 'no_show', pointsReversed: 40, pointsOwed: 60, fee: null, pointsBalance: 0 });
      expect(await balanceOf(member.id)).toBe(0);
      // The next stay's points pay the debt first.
      expect(await stay(member.id, 'R-702', 1, 300_00)).toMatchObject({ pointsEarned: 100, pointsBalance: 40 });
      const [booking] = await systemQuery<{ status: string }>(platform, 'select status from hotel_stay where reservation_no = ? and merchant_id = ?', ['R-701', tenant.merchants[on].merchant.id]);
      expect(booking.status).toBe('booked');
    });

    it('voids a stay cancelled after check-out: its points are reversed and its nights no longer count', async () => {
      const member = await register();
      expect((await stay(member.id, 'R-800', 4, 1_200_00)).pointsEarned).toBe(400);
      const noShow = await hotel('cancellations', { reservationNo: 'R-800', reason: 'no-show' });
      expect([noShow.status, noShow.body.code, noShow.body.details]).toEqual([409, 'STAY_STATUS_CONFLICT', { status: 'checked_out', allowed: ['booked'] }]);
      const voided = await hotel('cancellations', { reservationNo: 'R-800', reason: 'cancelled' });
      expect(voided.body).toMatchObject({ status: 'cancelled', pointsReversed: 400, pointsBalance: 0 });
      expect(await purchaseOf('R-800/folio')).toMatchObject({ refundedFen: 1_200_00, pointsReversed: 400 });
      // 4 voided nights + 1: not the 5 of 金卡.
      expect(await stay(member.id, 'R-801', 1, 300_00)).toMatchObject({ levelAfter: 'REGULAR' });
      const totals = await gqlData(platform, tenant.merchants[on].clerkToken, `{ member(id: "${member.id}") { member { hotelStayTotals { stays nights } } } }`);
      expect(totals.member.member.hotelStayTotals).toEqual({ stays: 1, nights: 1 });
      const again = await hotel('cancellations', { reservationNo: 'R-800', reason: 'cancelled' });
      expect([again.status, again.body.code]).toEqual([409, 'STAY_STATUS_CONFLICT']);
    });

    it('replaces a prepayment’s pre-earned points by the stay’s own at check-out', async () => {
      const member = await register();
      // Booked and prepaid for 2 nights, stayed 3.
      await arrive(member.id, 'R-900', 3, { departureOn: dayOf(daysAgo(1)), prepaidFen: 600_00 });
      expect(await balanceOf(member.id)).toBe(200);
      const res = await hotel('check-outs', { reservationNo: 'R-900', folioFen: 900_00 });
      expect(res.body).toMatchObject({ nights: 3, pointsEarned: 300, depositPointsReversed: 200, pointsBalance: 300 });
      expect(await purchaseOf('R-900/deposit')).toMatchObject({ refundedFen: 600_00, pointsReversed: 200 });
      expect(await balanceOf(member.id)).toBe(300);
    });
  });

  describe('the till', () => {
    it('answers a replayed stay write with its first answer, once; another body is a conflict; another key finds the stay moved on', async () => {
      const member = await register();
      const booking = { memberId: member.id, reservationNo: 'R-1000', roomType: '豪华大床房', arrivalOn: dayOf(daysAgo(1)), departureOn: dayOf(new Date()), nightlyRateFen: 300_00, prepaidFen: 300_00 };
      const [bookKey, inKey, outKey] = [idemKey(), idemKey(), idemKey()];
      const booked = await hotel('bookings', booking, bookKey);
      expect(await hotel('bookings', booking, bookKey).then((r) => [r.status, r.body])).toEqual([201, booked.body]);
      const otherBody = await hotel('bookings', { ...booking, roomType: '套房' }, bookKey);
      expect([otherBody.status, otherBody.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);

      const checkIn = { reservationNo: 'R-1000', occurredAt: daysAgo(1).toISOString() };
      const checkedIn = await hotel('check-ins', checkIn, inKey);
      expect(await hotel('check-ins', checkIn, inKey).then((r) => r.body)).toEqual(checkedIn.body);

      const out = { reservationNo: 'R-1000', folioFen: 350_00 };
      const first = await hotel('check-outs', out, outKey);
      expect(first.body).toMatchObject({ pointsEarned: 100, depositPointsReversed: 100, pointsBalance: 100 });
      const replay = await hotel('check-outs', out, outKey);
      expect([replay.status, replay.body]).toEqual([201, first.body]);
      const anotherKey = await hotel('check-outs', out);
      expect([anotherKey.status, anotherKey.body.code]).toEqual([409, 'STAY_STATUS_CONFLICT']);
      expect(await balanceOf(member.id)).toBe(100);
      const purchases = await systemQuery(platform, "select order_no from purchase where member_id = ? and order_no like 'R-1000/%' order by order_no", [member.id]);
      expect(purchases).toEqual([{ order_no: 'R-1000/deposit' }, { order_no: 'R-1000/folio' }]);

      const cancelKey = idemKey();
      const voided = await hotel('cancellations', { reservationNo: 'R-1000', reason: 'cancelled' }, cancelKey);
      expect(await hotel('cancellations', { reservationNo: 'R-1000', reason: 'cancelled' }, cancelKey).then((r) => r.body)).toEqual(voided.body);
      expect(await systemQuery(platform, 'select 1 from purchase_return where member_id = ?', [member.id])).toHaveLength(2); // the prepayment at check-out, the folio now
      expect(await balanceOf(member.id)).toBe(0);
    });

    it('checks a stay out once when two tills send its check-out at the same moment', async () => {
      const member = await register();
      await arrive(member.id, 'R-1100', 1);
      const both = await Promise.all([hotel('check-outs', { reservationNo: 'R-1100', folioFen: 300_00 }), hotel('check-outs', { reservationNo: 'R-1100', folioFen: 300_00 })]);
      expect(both.map((r) => r.status).sort()).toEqual([201, 409]);
      expect(await balanceOf(member.id)).toBe(100);
      expect(await systemQuery(platform, "select 1 from purchase where member_id = ? and order_no = 'R-1100/folio'", [member.id])).toHaveLength(1);
    });

    it('refuses bad input with a 4xx and its code, writing nothing', async () => {
      const member = await register();
      const booking = { memberId: member.id, reservationNo: 'BAD-1', roomType: '豪华大床房', arrivalOn: dayOf(new Date()), departureOn: dayOf(new Date(Date.now() + DAY)), nightlyRateFen: 300_00 };
      const refused = async (path: string, body: Record<string, unknown>) => {
        const res = await hotel(path, body);
        const paths = Array.isArray(res.body.details) ? [...new Set(res.body.details.map((d: { path: string }) => d.path))] : undefined;
        return [res.status, res.body.code, paths];
      };
      expect(await refused('bookings', { ...booking, departureOn: booking.arrivalOn })).toEqual([400, 'VALIDATION_FAILED', ['departureOn']]);
      expect(await refused('bookings', { ...booking, phone: member.phone })).toEqual([400, 'VALIDATION_FAILED', ['memberId']]);
      expect(await refused('bookings', { ...booking, nightlyRateFen: -1, prepaidFen: 0.5 })).toEqual([400, 'VALIDATION_FAILED', ['nightlyRateFen', 'prepaidFen']]);
      expect(await refused('bookings', { ...booking, reservationNo: 'BAD 1' })).toEqual([400, 'VALIDATION_FAILED', ['reservationNo']]);
      expect((await refused('bookings', { ...booking, memberId: undefined, phone: uniquePhone() })).slice(0, 2)).toEqual([404, 'MEMBER_NOT_FOUND']);
      expect((await refused('check-ins', { reservationNo: 'BAD-404' })).slice(0, 2)).toEqual([404, 'STAY_NOT_FOUND']);
      expect(await refused('check-outs', { reservationNo: 'BAD-1', folioFen: 1.5 })).toEqual([400, 'VALIDATION_FAILED', ['folioFen']]);
      expect(await refused('check-outs', { reservationNo: 'BAD-1', folioFen: 100, occurredAt: new Date(Date.now() + DAY).toISOString() })).toEqual([400, 'VALIDATION_FAILED', ['occurredAt']]);
      expect(await refused('cancellations', { reservationNo: 'BAD-1', reason: 'lost' })).toEqual([400, 'VALIDATION_FAILED', ['reason']]);
      expect(await systemQuery(platform, "select 1 from hotel_stay where reservation_no like 'BAD%' and merchant_id = ?", [merchantId()])).toEqual([]);

      // A good booking, then what it cannot do yet.
      expect((await hotel('bookings', { ...booking, arrivalOn: dayOf(new Date(Date.now() + DAY)), departureOn: dayOf(new Date(Date.now() + 2 * DAY)) })).status).toBe(201);
      expect((await refused('bookings', booking)).slice(0, 2)).toEqual([409, 'STAY_EXISTS']);
      expect((await refused('check-ins', { reservationNo: 'BAD-1' })).slice(0, 2)).toEqual([422, 'CHECK_IN_OUTSIDE_BOOKING']);
      expect((await refused('check-outs', { reservationNo: 'BAD-1', folioFen: 100 })).slice(0, 2)).toEqual([409, 'STAY_STATUS_CONFLICT']);
      // The guest in R-401 checked in a day ago.
      expect((await refused('check-outs', { reservationNo: 'R-401', folioFen: 100, occurredAt: daysAgo(2).toISOString() })).slice(0, 2)).toEqual([422, 'CHECK_OUT_BEFORE_CHECK_IN']);
      const [row] = await systemQuery(platform, "select status, checked_in_at from hotel_stay where reservation_no = 'BAD-1' and merchant_id = ?", [merchantId()]);
      expect(row).toEqual({ status: 'booked', checked_in_at: null });
      expect(await systemQuery(platform, "select 1 from purchase where (order_no like 'BAD-%' or order_no = 'R-401/folio') and merchant_id = ?", [merchantId()])).toEqual([]);
    });

    it('refuses a till’s purchase claiming a stay’s charge or points: 400, nothing recorded', async () => {
      const member = await register();
      const line = (attributes: Record<string, unknown>) => [{ sku: 'ROOM', quantity: 1, amountFen: 300_00, attributes }];
      const [charge] = await systemQuery<{ id: string }>(platform, "select id from hotel_stay_charge where order_no = 'R-100/folio' and merchant_id = ?", [merchantId()]);
      for (const [attributes, path] of [
        [{ hotelChargeId: charge.id }, 'lines.0.attributes.hotelChargeId'],
        [{ hotelChargeId: 'not-a-uuid' }, 'lines.0.attributes.hotelChargeId'],
        [{ hotelPoints: 9_999 }, 'lines.0.attributes.hotelPoints'],
      ] as const) {
        const res = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { memberId: member.id, orderNo: 'FAKE-1', amountFen: 300_00, lines: line(attributes) });
        expect([res.status, res.body.code, res.body.details.map((d: { path: string }) => d.path)]).toEqual([400, 'VALIDATION_FAILED', [path]]);
      }
      expect(await systemQuery(platform, "select 1 from purchase where order_no = 'FAKE-1' and member_id = ?", [member.id])).toEqual([]);
      expect(await balanceOf(member.id)).toBe(0);
    });

    it('rejects bad settings with a code and each field, keeping the settings it had', async () => {
      const res = await gql(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "hotel", settings: $s) { settings } }', {
        s: { earnBasis: 'room', pointsPerNight: -1, checkoutTime: '12h', levels: { GOLD: { lateCheckoutUntil: '25:00', spa: true } } },
      });
      expect(res.status).toBe(400);
      expect(res.body.errors[0].extensions.code).toBe('PLUGIN_SETTINGS_INVALID');
      expect([...new Set(res.body.errors[0].extensions.details.map((d: { path: string }) => d.path))].sort()).toEqual([
        'checkoutTime',
        'earnBasis',
        'levels.GOLD',
        'levels.GOLD.lateCheckoutUntil',
        'pointsPerNight',
      ]);
      const lowerCode = await gql(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "hotel", settings: $s) { settings } }', {
        s: { levels: { gold: { pointsPerNight: 150 } } },
      });
      expect(lowerCode.body.errors[0].extensions.code).toBe('PLUGIN_SETTINGS_INVALID');
      const { plugins } = await gqlData(platform, tenant.merchants[on].adminToken, '{ plugins { id settings } }');
      expect(plugins.find((p: { id: string }) => p.id === 'hotel').settings).toEqual({ earnBasis: 'night', pointsPerNight: 100, pointsPerYuan: 1, checkoutTime: '12:00', ...SETTINGS });
    });
  });

  describe('turned off', () => {
    it('does nothing for the merchant of the alliance that has it off', async () => {
      const phone = uniquePhone();
      const memberId = (await posPost(platform, tenant.merchants[off].posKeys[0], '/members', { phone })).body.id;
      const res = await hotel('bookings', { memberId, reservationNo: 'OFF-1', roomType: '大床房', arrivalOn: dayOf(new Date()), departureOn: dayOf(new Date(Date.now() + DAY)), nightlyRateFen: 1 }, undefined, off);
      expect([res.status, res.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      expect(await systemQuery(platform, 'select 1 from hotel_stay where merchant_id = ?', [tenant.merchants[off].merchant.id])).toEqual([]);
      // Its purchases earn by its own rule, whatever the lines say.
      const purchase = await posPost(platform, tenant.merchants[off].posKeys[0], '/purchases', {
        memberId,
        orderNo: 'OFF-2',
        amountFen: 100_00,
        lines: [{ sku: 'ROOM', quantity: 1, amountFen: 100_00, attributes: { hotelPoints: 9_999 } }],
      });
      expect([purchase.status, purchase.body.pointsEarned]).toEqual([201, 100]);
      expect(await gqlError(platform, tenant.merchants[off].adminToken, '{ hotelStays { id } }')).toEqual({ status: 403, code: 'PLUGIN_NOT_ENABLED' });
      const member = await gqlData(platform, tenant.merchants[off].adminToken, `{ member(id: "${gold.id}") { member { hotelStays { id } hotelStayTotals { nights } } } }`);
      expect(member.member.member).toEqual({ hotelStays: null, hotelStayTotals: null });
    });

    it('has no effect once the merchant turns it off', async () => {
      await disablePlugin(platform, tenant.merchants[on].adminToken, 'hotel');
      const member = await register();
      const res = await hotel('bookings', { memberId: member.id, reservationNo: 'OFF-3', roomType: '大床房', arrivalOn: dayOf(new Date()), departureOn: dayOf(new Date(Date.now() + DAY)), nightlyRateFen: 1 });
      expect([res.status, res.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      const checkOut = await hotel('check-outs', { reservationNo: 'R-401', folioFen: 100 });
      expect([checkOut.status, checkOut.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      // 金卡's ordinary purchase: ×1.5 as ever.
      expect((await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { memberId: gold.id, orderNo: 'OFF-4', amountFen: 100_00 })).body.pointsEarned).toBe(150);
      const view = await gqlData(platform, tenant.merchants[on].clerkToken, `{ member(id: "${gold.id}") { member { hotelStays { id } } } }`);
      expect(view.member.member.hotelStays).toBeNull();
    });
  });
});
