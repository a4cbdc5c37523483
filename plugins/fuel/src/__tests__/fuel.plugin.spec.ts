import { join } from 'node:path';
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
  posGet,
  posPost,
  systemQuery,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/plugin-sdk/testing';

/** A station's grades: 92# earns 1 point a litre, 95# 2 a litre with 金卡 −0.30 元/L, 0# diesel 1 a 元 with 金卡 −0.20 元/L, LNG by the merchant's rule. */
const SETTINGS = {
  grades: {
    '92': { priceFen: 750, earn: { per: 'unit', points: 1 } },
    '95': { priceFen: 802, earn: { per: 'unit', points: 2 }, levelDiscountsFen: { GOLD: 30 } },
    '0': { priceFen: 745, earn: { per: 'yuan', points: 1 }, levelDiscountsFen: { GOLD: 20 } },
    LNG: { priceFen: 520 },
  },
};

/**
 * The fuel plugin (加油站/加气站) on the real platform and PostgreSQL: merchant 0 has it on, merchant 1
 * (same alliance) does not. The merchants' own rule earns 1 point per 元; 金卡 multiplies by 1.5.
 */
describe('fuel plugin', () => {
  let platform: TestPlatform;
  let tenant: TenantFixture;
  const [on, off] = [0, 1];
  const driver = { phone: uniquePhone(), id: '' };
  const gold = { phone: uniquePhone(), id: '' };

  const fill = (body: Record<string, unknown>, key?: string, merchant = on) => pluginPosPost(platform, tenant.merchants[merchant].posKeys[0], 'fuel', 'purchases', body, key);
  const register = (body: Record<string, unknown>, merchant = on) => pluginPosPost(platform, tenant.merchants[merchant].posKeys[0], 'fuel', 'vehicles', body);
  /** What an order left in the core and the plugin's tables at merchant 0. */
  const writtenFor = async (orderNo: string) =>
    systemQuery<{ kind: string }>(
      platform,
      `select 'purchase' as kind from purchase where order_no = ? and merchant_id = ?
       union all select 'payment' from stored_value_payment where order_no = ? and merchant_id = ?
       union all select 'fuel' from fuel_purchase where order_no = ? and merchant_id = ?`,
      Array(3).fill([orderNo, tenant.merchants[on].merchant.id]).flat(),
    );

  beforeAll(async () => {
    // Writes one at a time in up to four transactions at once, as several instances would: concurrent
    // fill-ups race for real rather than queue in one batch.
    platform = await bootPluginTestPlatform([join(__dirname, '..', 'index.ts')], { WRITE_BATCH_MAX: '1', WRITE_BATCH_IN_FLIGHT: '4' });
    tenant = await createTenant(platform.app, { merchants: 2 });
    const admin = tenant.merchants[on].adminToken;
    await gqlData(platform, admin, 'mutation($i: LevelSchemeInput!) { configureLevelScheme(input: $i) { id } }', {
      i: {
        name: '会员等级',
        merchantId: tenant.merchants[on].merchant.id,
        levels: [
          { code: 'REGULAR', name: '普通会员' },
          { code: 'GOLD', name: '金卡', conditions: [{ all: [{ metric: 'CUMULATIVE_SPEND', min: 1_000_000_000 }] }], benefits: { pointsMultiplierPermille: 1500 } },
        ],
      },
    });
    for (const member of [driver, gold]) member.id = (await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone: member.phone })).body.id;
    await gqlData(platform, admin, 'mutation($m: UUID!) { changeMemberLevel(memberId: $m, levelCode: "GOLD", reason: "test") { memberId } }', { m: gold.id });
    await enablePlugin(platform, admin, 'fuel', { settings: SETTINGS });
    expect((await register({ phone: driver.phone, plate: ' 粤b·d12345 ' })).status).toBe(201);
    expect((await register({ phone: gold.phone, plate: '京A12345' })).status).toBe(201);
  });
  afterAll(() => platform.close());

  describe('vehicles by plate', () => {
    it('registers a plate in any spelling once per member, and finds the member by it', async () => {
      const again = await register({ memberId: driver.id, plate: '粤BD12345' });
      expect([again.status, again.body]).toEqual([200, { plate: '粤BD12345', newEnergy: true, memberId: driver.id }]);
      const taken = await register({ phone: gold.phone, plate: '粤B-D12345' });
      expect([taken.status, taken.body.code]).toEqual([409, 'FUEL_PLATE_TAKEN']);
      const found = await gqlData(platform, tenant.merchants[on].clerkToken, '{ fuelVehicle(plate: "粤bd12345") { plate newEnergy memberId fleetId } }');
      expect(found.fuelVehicle).toEqual({ plate: '粤BD12345', newEnergy: true, memberId: driver.id, fleetId: null });
      expect((await gqlData(platform, tenant.merchants[on].clerkToken, '{ fuelVehicle(plate: "京B99999") { plate } }')).fuelVehicle).toBeNull();
      const member = await gqlData(platform, tenant.merchants[on].clerkToken, `{ member(id: "${gold.id}") { member { fuelVehicles { plate newEnergy } } } }`);
      expect(member.member.member.fuelVehicles).toEqual([{ plate: '京A12345', newEnergy: false }]);
    });

    it('refuses a plate that is not a Chinese plate, and an unknown member', async () => {
      for (const plate of ['京A1234', 'XA12345', '京AI2345', '粤BD1234A']) {
        const res = await register({ phone: driver.phone, plate });
        expect([res.status, res.body.code, res.body.details.map((d: { path: string }) => d.path)]).toEqual([400, 'VALIDATION_FAILED', ['plate']]);
      }
      expect(await gqlError(platform, tenant.merchants[on].clerkToken, '{ fuelVehicle(plate: "not a plate") { plate } }')).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      const nobody = await register({ phone: uniquePhone(), plate: '京C12345' });
      expect([nobody.status, nobody.body.code]).toEqual([404, 'MEMBER_NOT_FOUND']);
      expect(await systemQuery(platform, "select 1 from fuel_vehicle where plate = '京C12345' and tenant_id = ?", [tenant.tenantId])).toEqual([]);
    });
  });

  describe('fill-ups', () => {
    it('prices by grade and quantity, earns per litre by grade, for the member found by plate', async () => {
      // 40.12 L of 95# at 8.02 元/L: 321.7624 元 → 321.76 元; 2 points a litre: 80.24 → 80 (普通会员 ×1).
      const res = await fill({ plate: '粤B·D12345', orderNo: 'F-1', grade: '95', quantity: 40.12 });
      expect([res.status, res.body]).toEqual([
        201,
        {
          purchaseId: expect.any(String),
          memberId: driver.id,
          orderNo: 'F-1',
          plate: '粤BD12345',
          grade: '95',
          unit: 'L',
          quantityMilli: 40_120,
          unitPriceFen: 802,
          discountFenPerUnit: 0,
          grossFen: 32_176,
          discountFen: 0,
          amountFen: 32_176,
          pointsEarned: 80,
          pointsBalance: 80,
          fleet: null,
        },
      ]);
      const [purchase] = await systemQuery<{ amountFen: string; pointsEarned: string; memberId: string }>(
        platform,
        'select amount_fen as "amountFen", points_earned as "pointsEarned", member_id as "memberId" from purchase where id = ?',
        [res.body.purchaseId],
      );
      expect([Number(purchase.amountFen), Number(purchase.pointsEarned), purchase.memberId]).toEqual([32_176, 80, driver.id]);
      const events = await systemQuery<{ payload: Record<string, unknown> }>(platform, "select payload from outbox_event where type = 'fuel.purchased.v1' and key = ?", [driver.id]);
      expect(events.map((e) => e.payload)).toEqual([expect.objectContaining({ orderNo: 'F-1', plate: '粤BD12345', grade: '95', quantityMilli: 40_120, amountFen: 32_176, pointsEarned: 80 })]);
    });

    it('takes the 金卡 discount off per litre, then multiplies the grade’s points by the level', async () => {
      // 95#: 321.76 元 less 40.12 L × 0.30 = 12.036 → 12.04 元; 80 points × 1.5 = 120.
      const petrol = await fill({ plate: '京A12345', orderNo: 'G-1', grade: '95', quantity: 40.12 });
      expect(petrol.body).toMatchObject({ memberId: gold.id, discountFenPerUnit: 30, grossFen: 32_176, discountFen: 1_204, amountFen: 30_972, pointsEarned: 120 });
      // 0# diesel earns per 元 paid: 50 L × 7.45 = 372.50 元 less 10.00 元 = 362.50 元 → 362 points × 1.5 = 543.
      const diesel = await fill({ phone: gold.phone, orderNo: 'G-2', grade: '0', quantity: 50 });
      expect(diesel.body).toMatchObject({ plate: null, grossFen: 37_250, discountFen: 1_000, amountFen: 36_250, pointsEarned: 543 });
      // The same diesel for a 普通会员: no discount, 372 points.
      expect((await fill({ memberId: driver.id, orderNo: 'F-2', grade: '0', quantity: 50 })).body).toMatchObject({ discountFen: 0, amountFen: 37_250, pointsEarned: 372 });
    });

    it('sells gas by the kilogram, earning by the merchant’s rule where the grade has no earning, and rounds half up to the 分', async () => {
      expect((await fill({ plate: '粤BD12345', orderNo: 'F-3', grade: 'LNG', quantity: 10.5 })).body).toMatchObject({ unit: 'kg', quantityMilli: 10_500, amountFen: 5_460, pointsEarned: 54 });
      // 0.002 L × 7.50 元 = 1.5 分 → 2 分; 0.002 L earns no whole point.
      expect((await fill({ plate: '粤BD12345', orderNo: 'F-4', grade: '92', quantity: 0.002 })).body).toMatchObject({ grossFen: 2, amountFen: 2, pointsEarned: 0 });
    });

    it('earns by grade on fuel lines of ordinary purchases too, refusing lines of grades not sold or odd quantities', async () => {
      // 40 L of 95# (320.80 元, 80 points) and a 79.20 元 shop line that keeps its 79 of the 400 points.
      const lines = [
        { sku: 'FUEL-95', quantity: 40, amountFen: 32_080, attributes: { fuelGrade: '95' } },
        { sku: 'WASH', quantity: 1, amountFen: 7_920 },
      ];
      const res = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { phone: driver.phone, orderNo: 'O-1', amountFen: 40_000, lines });
      expect([res.status, res.body.pointsEarned]).toEqual([201, 80 + 79]);
      const bad = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', {
        phone: driver.phone,
        orderNo: 'O-2',
        amountFen: 40_000,
        lines: [
          { sku: 'FUEL-98', quantity: 40, amountFen: 32_080, attributes: { fuelGrade: '98' } },
          { sku: 'FUEL-92', quantity: 1.0005, amountFen: 750, attributes: { fuelGrade: '92' } },
        ],
      });
      expect([bad.status, bad.body.code, bad.body.details.map((d: { path: string }) => d.path)]).toEqual([400, 'VALIDATION_FAILED', ['lines.0.attributes.fuelGrade', 'lines.1.quantity']]);
      expect(await writtenFor('O-2')).toEqual([]);
    });

    it('refuses bad plates, grades, quantities and members with a code, writing nothing', async () => {
      const cases: [Record<string, unknown>, number, string, string?][] = [
        [{ plate: '京A1234', grade: '95', quantity: 10 }, 400, 'VALIDATION_FAILED', 'plate'],
        [{ plate: '京A12345', grade: '93', quantity: 10 }, 400, 'VALIDATION_FAILED', 'grade'],
        [{ plate: '京A12345', grade: '95', quantity: 0 }, 400, 'VALIDATION_FAILED', 'quantity'],
        [{ plate: '京A12345', grade: '95', quantity: -5 }, 400, 'VALIDATION_FAILED', 'quantity'],
        [{ plate: '京A12345', grade: '95', quantity: 1.0005 }, 400, 'VALIDATION_FAILED', 'quantity'],
        [{ plate: '京A12345', grade: '95', quantity: 10_000.5 }, 400, 'VALIDATION_FAILED', 'quantity'],
        [{ plate: '京A12345', grade: '95', quantity: '10' }, 400, 'VALIDATION_FAILED', 'quantity'],
        [{ grade: '95', quantity: 10 }, 400, 'VALIDATION_FAILED', 'plate'],
        [{ plate: '京A12345', phone: gold.phone, grade: '95', quantity: 10 }, 400, 'VALIDATION_FAILED', 'plate'],
        [{ phone: gold.phone, grade: '95', quantity: 10, payment: 'fleet' }, 400, 'VALIDATION_FAILED', 'payment'],
        [{ plate: '京A12345', grade: '98', quantity: 10 }, 422, 'FUEL_GRADE_NOT_SOLD'],
        [{ plate: '京B99999', grade: '95', quantity: 10 }, 404, 'FUEL_VEHICLE_NOT_FOUND'],
        [{ phone: uniquePhone(), grade: '95', quantity: 10 }, 404, 'MEMBER_NOT_FOUND'],
        [{ plate: '京A12345', grade: '95', quantity: 10, payment: 'fleet' }, 422, 'FUEL_NOT_FLEET_VEHICLE'],
      ];
      for (const [body, status, code, path] of cases) {
        const res = await fill({ orderNo: 'BAD-1', ...body });
        expect([res.status, res.body.code]).toEqual([status, code]);
        if (path) expect(res.body.details.map((d: { path: string }) => d.path)).toContain(path);
      }
      expect(await writtenFor('BAD-1')).toEqual([]);
    });

    it('answers a replay with its first answer and records the fill-up once; another body under the key is a conflict', async () => {
      const key = idemKey();
      const body = { plate: '京A12345', orderNo: 'R-1', grade: '92', quantity: 20 };
      const first = await fill(body, key);
      expect(first.status).toBe(201);
      const [again, concurrent] = await Promise.all([fill(body, key), fill(body, key)]);
      expect([again.status, again.body]).toEqual([201, first.body]);
      expect([concurrent.status, concurrent.body]).toEqual([201, first.body]);
      expect((await writtenFor('R-1')).map((r) => r.kind).sort()).toEqual(['fuel', 'purchase']);
      const other = await fill({ ...body, quantity: 21 }, key);
      expect([other.status, other.body.code]).toEqual([409, 'IDEMPOTENCY_CONFLICT']);
      const sameOrder = await fill(body);
      expect([sameOrder.status, sameOrder.body.code]).toEqual([409, 'DUPLICATE_ORDER']);
      expect(await writtenFor('R-1')).toHaveLength(2);
    });
  });

  describe('fleets (车队)', () => {
    let manager: { staffId: string; token: string };
    const company = { phone: uniquePhone(), id: '', fleetId: '' };
    const balance = async (memberId: string) => (await posGet(platform, tenant.merchants[on].posKeys[0], `/members/${memberId}/stored-value`)).body.balanceFen;
    const setVehicle = (fleetId: string, plate: string, limits: Record<string, number> = {}) =>
      gqlData(platform, manager.token, 'mutation($f: UUID!, $p: String!, $l: FuelVehicleLimitsInput) { setFuelFleetVehicle(fleetId: $f, plate: $p, limits: $l) { plate dailyLimitFen dailyLimitMilli active } }', {
        f: fleetId,
        p: plate,
        l: limits,
      });
    /** A company with a fleet at merchant 0 and `balanceFen` of stored value. */
    const openFleet = async (name: string, balanceFen: number) => {
      const phone = uniquePhone();
      const id = (await posPost(platform, tenant.merchants[on].posKeys[0], '/members', { phone })).body.id;
      expect((await posPost(platform, tenant.merchants[on].posKeys[0], '/stored-value/recharges', { phone, orderNo: `RC-${phone}`, amountFen: balanceFen })).status).toBe(201);
      const fleet = await gqlData(platform, manager.token, 'mutation($n: String!, $m: UUID!) { createFuelFleet(name: $n, accountMemberId: $m) { id name accountMemberId vehicles { plate } } }', { n: name, m: id });
      return { phone, id, fleetId: fleet.createFuelFleet.id as string };
    };
    const charge = (plate: string, orderNo: string, grade: string, quantity: number) => fill({ plate, orderNo, grade, quantity, payment: 'fleet' });

    beforeAll(async () => {
      manager = await createStoreStaff(platform, tenant.merchants[on].stores[0].id);
      await grantPluginPermission(platform, tenant.merchants[on].adminToken, manager.staffId, 'fuel', 'fleet');
      Object.assign(company, await openFleet('顺达物流车队', 100_000));
      expect((await setVehicle(company.fleetId, '沪A11111', { dailyLimitFen: 30_000, monthlyLimitFen: 500_000 })).setFuelFleetVehicle).toEqual({
        plate: '沪A11111',
        dailyLimitFen: 30_000,
        dailyLimitMilli: null,
        active: true,
      });
      await setVehicle(company.fleetId, '沪a·22222', { dailyLimitMilli: 50_000 });
      await setVehicle(company.fleetId, '沪AD33333', { monthlyLimitFen: 1_000 });
      await setVehicle(company.fleetId, '沪A44444');
    });

    it('are managed by staff with the fleet permission only, with their vehicles found by plate', async () => {
      for (const token of [tenant.merchants[on].clerkToken, tenant.merchants[on].adminToken]) {
        expect(await gqlError(platform, token, '{ fuelFleets { id } }')).toEqual({ status: 403, code: 'FORBIDDEN' });
        expect(await gqlError(platform, token, `mutation { createFuelFleet(name: "x", accountMemberId: "${driver.id}") { id } }`)).toEqual({ status: 403, code: 'FORBIDDEN' });
      }
      const { fuelFleets } = await gqlData(platform, manager.token, '{ fuelFleets { name accountMemberId vehicles { plate monthlyLimitFen } } }');
      expect(fuelFleets).toContainEqual({
        name: '顺达物流车队',
        accountMemberId: company.id,
        vehicles: [
          { plate: '沪A11111', monthlyLimitFen: 500_000 },
          { plate: '沪A22222', monthlyLimitFen: null },
          { plate: '沪A44444', monthlyLimitFen: null },
          { plate: '沪AD33333', monthlyLimitFen: 1_000 },
        ],
      });
      const found = await gqlData(platform, tenant.merchants[on].clerkToken, '{ fuelVehicle(plate: "沪A22222") { memberId fleetId fleetName } }');
      expect(found.fuelVehicle).toEqual({ memberId: company.id, fleetId: company.fleetId, fleetName: '顺达物流车队' });
    });

    it('refuses bad fleet input with a code', async () => {
      const mutation = 'mutation($f: UUID!, $p: String!, $l: FuelVehicleLimitsInput) { setFuelFleetVehicle(fleetId: $f, plate: $p, limits: $l) { plate } }';
      expect(await gqlError(platform, manager.token, mutation, { f: company.fleetId, p: '沪A5555', l: {} })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await gqlError(platform, manager.token, mutation, { f: company.fleetId, p: '沪A55555', l: { dailyLimitFen: -1 } })).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await gqlError(platform, manager.token, mutation, { f: '00000000-0000-4000-8000-000000000000', p: '沪A55555' })).toEqual({ status: 404, code: 'FUEL_FLEET_NOT_FOUND' });
      // A private member's plate cannot be charged to a company.
      expect(await gqlError(platform, manager.token, mutation, { f: company.fleetId, p: '京A12345' })).toEqual({ status: 409, code: 'FUEL_PLATE_TAKEN' });
      expect(await gqlError(platform, manager.token, `mutation { createFuelFleet(name: "again", accountMemberId: "${company.id}") { id } }`)).toEqual({ status: 409, code: 'FUEL_FLEET_EXISTS' });
      expect(await gqlError(platform, manager.token, `mutation { createFuelFleet(name: " ", accountMemberId: "${driver.id}") { id } }`)).toEqual({ status: 400, code: 'VALIDATION_FAILED' });
      expect(await systemQuery(platform, "select 1 from fuel_fleet_vehicle where plate in ('沪A55555', '京A12345')")).toEqual([]);
    });

    it('charges the shared balance up to a vehicle’s daily limit in 分: at the limit accepted, one 分 over refused with nothing written', async () => {
      // 40.001 L of 92# = 300.0075 元 → 300.01 元: one 分 over 300.00 元.
      const over = await charge('沪A11111', 'FL-1', '92', 40.001);
      expect([over.status, over.body.code, over.body.details]).toEqual([
        422,
        'FUEL_VEHICLE_LIMIT_EXCEEDED',
        { plate: '沪A11111', limit: 'dailyLimitFen', limitValue: 30_000, used: 0, requested: 30_001 },
      ]);
      expect(await writtenFor('FL-1')).toEqual([]);
      expect(await balance(company.id)).toBe(100_000);

      const atLimit = await charge('沪A11111', 'FL-2', '92', 40);
      expect([atLimit.status, atLimit.body.amountFen, atLimit.body.memberId, atLimit.body.fleet]).toEqual([201, 30_000, company.id, { fleetId: company.fleetId, paymentId: expect.any(String), balanceFen: 70_000 }]);
      expect((await writtenFor('FL-2')).map((r) => r.kind).sort()).toEqual(['fuel', 'payment', 'purchase']);

      const oneFenMore = await charge('沪A11111', 'FL-3', '92', 0.001);
      expect([oneFenMore.status, oneFenMore.body.code, oneFenMore.body.details.used, oneFenMore.body.details.requested]).toEqual([422, 'FUEL_VEHICLE_LIMIT_EXCEEDED', 30_000, 1]);
      expect(await writtenFor('FL-3')).toEqual([]);
      // Paid at the till rather than by the fleet, it is no charge to the limit.
      expect((await fill({ plate: '沪A11111', orderNo: 'FL-4', grade: '92', quantity: 1 })).body).toMatchObject({ amountFen: 750, fleet: null });
      expect(await balance(company.id)).toBe(70_000);
    });

    it('keeps a vehicle to its daily litres and its monthly 分', async () => {
      const litresOver = await charge('沪A22222', 'FL-5', '92', 50.001);
      expect([litresOver.status, litresOver.body.details.limit, litresOver.body.details.requested]).toEqual([422, 'dailyLimitMilli', 50_001]);
      expect((await charge('沪A22222', 'FL-6', '92', 50)).body).toMatchObject({ quantityMilli: 50_000, amountFen: 37_500, fleet: { balanceFen: 32_500 } });
      // 1.333 L × 7.50 元 = 9.9975 元 → 10.00 元, the month's limit exactly.
      expect((await charge('沪AD33333', 'FL-7', '92', 1.333)).body).toMatchObject({ amountFen: 1_000, fleet: { balanceFen: 31_500 } });
      const monthOver = await charge('沪AD33333', 'FL-8', '92', 0.001);
      expect([monthOver.status, monthOver.body.details.limit]).toEqual([422, 'monthlyLimitFen']);
      expect(await writtenFor('FL-8')).toEqual([]);
    });

    it('refuses a charge the shared balance does not cover, writing nothing', async () => {
      // 42.001 L of 92# = 315.0075 元 → 315.01 元, one 分 more than the 315.00 元 left.
      const short = await charge('沪A44444', 'FL-9', '92', 42.001);
      expect([short.status, short.body.code]).toEqual([422, 'INSUFFICIENT_BALANCE']);
      expect(await writtenFor('FL-9')).toEqual([]);
      expect(await balance(company.id)).toBe(31_500);
    });

    it('never overdraws the shared balance with concurrent charges of two vehicles', async () => {
      const fleet = await openFleet('快运车队', 10_000);
      await setVehicle(fleet.fleetId, '浙B10001');
      await setVehicle(fleet.fleetId, '浙B10002');
      // Six charges of 40.00 元 (5.333 L of 92#) at once against 100.00 元: two can be paid.
      const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => charge(i % 2 ? '浙B10002' : '浙B10001', `FC-${i}`, '92', 5.333)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 422, 422, 422, 422]);
      expect(results.filter((r) => r.status === 422).map((r) => r.body.code)).toEqual(Array(4).fill('INSUFFICIENT_BALANCE'));
      expect(await balance(fleet.id)).toBe(2_000);
      const [{ n }] = await systemQuery<{ n: number }>(platform, 'select count(*)::int as n from fuel_purchase where fleet_id = ?', [fleet.fleetId]);
      expect(n).toBe(2);
    });

    it('never passes a vehicle’s limit with concurrent charges of two vehicles', async () => {
      const fleet = await openFleet('城配车队', 100_000);
      await setVehicle(fleet.fleetId, '苏E20001', { dailyLimitFen: 10_000 });
      await setVehicle(fleet.fleetId, '苏E20002', { dailyLimitFen: 10_000 });
      // Three charges of 40.00 元 for each vehicle at once: two fit in each 100.00 元 limit.
      const results = await Promise.all([0, 1, 2, 3, 4, 5].map((i) => charge(i % 2 ? '苏E20002' : '苏E20001', `FV-${i}`, '92', 5.333)));
      expect(results.map((r) => r.status).sort()).toEqual([201, 201, 201, 201, 422, 422]);
      expect(results.filter((r) => r.status === 422).map((r) => r.body.code)).toEqual(Array(2).fill('FUEL_VEHICLE_LIMIT_EXCEEDED'));
      const spent = await systemQuery<{ plate: string; fen: number }>(platform, 'select plate, sum(amount_fen)::int as fen from fuel_purchase where fleet_id = ? group by plate order by plate', [fleet.fleetId]);
      expect(spent).toEqual([
        { plate: '苏E20001', fen: 8_000 },
        { plate: '苏E20002', fen: 8_000 },
      ]);
      expect(await balance(fleet.id)).toBe(84_000);
    });

    it('stops charging a vehicle removed from its fleet', async () => {
      const removed = await gqlData(platform, manager.token, 'mutation { removeFuelFleetVehicle(plate: "沪A44444") { plate active } }');
      expect(removed.removeFuelFleetVehicle).toEqual({ plate: '沪A44444', active: false });
      const res = await charge('沪A44444', 'FL-10', '92', 1);
      expect([res.status, res.body.code]).toEqual([422, 'FUEL_NOT_FLEET_VEHICLE']);
      expect(await gqlError(platform, manager.token, 'mutation { removeFuelFleetVehicle(plate: "京A12345") { plate } }')).toEqual({ status: 404, code: 'FUEL_FLEET_VEHICLE_NOT_FOUND' });
    });
  });

  describe('settings', () => {
    it('rejects bad grades, prices and earnings with a code and each field, keeping the settings it had', async () => {
      const res = await gql(platform, tenant.merchants[on].adminToken, 'mutation($s: JSONObject!) { updatePluginSettings(pluginId: "fuel", settings: $s) { settings } }', {
        s: { grades: { '93': { priceFen: 700 }, '95': { priceFen: 0, earn: { per: 'litre', points: 1 }, levelDiscountsFen: { GOLD: -1 } } } },
      });
      expect([res.status, res.body.errors[0].extensions.code]).toEqual([400, 'PLUGIN_SETTINGS_INVALID']);
      expect(res.body.errors[0].extensions.details.map((d: { path: string }) => d.path).sort()).toEqual(['grades', 'grades.95.earn.per', 'grades.95.levelDiscountsFen.GOLD', 'grades.95.priceFen']);
      const { plugins } = await gqlData(platform, tenant.merchants[on].adminToken, '{ plugins { id settings } }');
      expect(plugins.find((p: { id: string }) => p.id === 'fuel').settings).toEqual({
        grades: { ...SETTINGS.grades, '92': { ...SETTINGS.grades['92'], levelDiscountsFen: {} }, LNG: { ...SETTINGS.grades.LNG, levelDiscountsFen: {} } },
      });
    });
  });

  describe('enabled per merchant', () => {
    it('does nothing for the merchant that has it off', async () => {
      const endpoint = await fill({ phone: driver.phone, orderNo: 'X-1', grade: '95', quantity: 10 }, undefined, off);
      expect([endpoint.status, endpoint.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      // Fuel attributes are not even looked at there: the merchant's rule earns, 1 point per 元.
      const lines = [{ sku: 'FUEL-98', quantity: 1.0005, amountFen: 10_000, attributes: { fuelGrade: '98' } }];
      const plain = await posPost(platform, tenant.merchants[off].posKeys[0], '/purchases', { phone: driver.phone, orderNo: 'X-2', amountFen: 10_000, lines });
      expect([plain.status, plain.body.pointsEarned]).toEqual([201, 100]);
      expect((await gqlData(platform, tenant.merchants[off].adminToken, `{ member(id: "${driver.id}") { member { fuelVehicles { plate } } } }`)).member.member.fuelVehicles).toBeNull();
      expect(await gqlError(platform, tenant.merchants[off].adminToken, '{ fuelVehicle(plate: "京A12345") { plate } }')).toEqual({ status: 403, code: 'PLUGIN_NOT_ENABLED' });
    });

    it('has no effect once the merchant turns it off', async () => {
      await disablePlugin(platform, tenant.merchants[on].adminToken, 'fuel');
      const endpoint = await fill({ plate: '京A12345', orderNo: 'X-3', grade: '95', quantity: 10 });
      expect([endpoint.status, endpoint.body.code]).toEqual([403, 'PLUGIN_NOT_ENABLED']);
      // 40 L of 95# for 320.80 元 earns the merchant's 320 points, not the grade's 80 (普通会员).
      const lines = [{ sku: 'FUEL-95', quantity: 40, amountFen: 32_080, attributes: { fuelGrade: '95' } }];
      const plain = await posPost(platform, tenant.merchants[on].posKeys[0], '/purchases', { phone: driver.phone, orderNo: 'X-4', amountFen: 32_080, lines });
      expect([plain.status, plain.body.pointsEarned]).toEqual([201, 320]);
      expect(await systemQuery(platform, "select 1 from fuel_purchase where order_no in ('X-3', 'X-4')")).toEqual([]);
    });
  });
});
