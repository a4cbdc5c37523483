import { bootTestPlatform, createTenant, idemKey, type MerchantFixture, posPost, systemQuery, type TestPlatform } from '@loyalty/testing';
import { localDateOf } from '@loyalty/shared';

/** 日结: a store reports its day's total sales, walk-ins included; a report of the day again corrects it. */
describe('POS daily sales (real PostgreSQL)', () => {
  let platform: TestPlatform;
  let shop: MerchantFixture;
  const today = () => localDateOf(new Date(), 'Asia/Shanghai');

  beforeAll(async () => {
    platform = await bootTestPlatform();
    [shop] = (await createTenant(platform.app, { alliance: false })).merchants;
  });
  afterAll(() => platform.close());

  const report = (body: Record<string, unknown>, key = idemKey(), store = 0) => posPost(platform, shop.posKeys[store], '/daily-sales', body, key);
  const rowsOf = (day: string) =>
    systemQuery<{ salesFen: number; orders: number }>(platform, 'select sales_fen as "salesFen", orders from store_daily_sales where store_id = ? and day = ?', [shop.stores[0].id, day]);

  it('records the day, replays the same key, and lets a later report correct it, with its event each time', async () => {
    const key = idemKey();
    const first = await report({ day: '2026-03-10', salesFen: 1234_56, orders: 40 }, key);
    expect(first.status).toBe(201);
    expect(first.body).toEqual({ storeId: shop.stores[0].id, day: '2026-03-10', salesFen: 1234_56, orders: 40, corrected: false });
    expect((await report({ day: '2026-03-10', salesFen: 1234_56, orders: 40 }, key)).body).toEqual(first.body);
    const corrected = await report({ day: '2026-03-10', salesFen: 1300_00, orders: 41 });
    expect(corrected.body.corrected).toBe(true);
    expect(await rowsOf('2026-03-10')).toEqual([{ salesFen: 1300_00, orders: 41 }]);
    const events = await systemQuery<{ payload: { salesFen: number } }>(platform, `select payload from outbox_event where type = 'store.daily-sales-reported.v1' and key = ? order by created_at`, [
      shop.stores[0].id,
    ]);
    expect(events.map((e) => e.payload.salesFen)).toEqual([1234_56, 1300_00]);
  });

  it('refuses a day not begun, negative or fractional figures, with nothing written', async () => {
    const tomorrow = localDateOf(new Date(Date.now() + 86_400_000), 'Asia/Shanghai');
    expect((await report({ day: tomorrow, salesFen: 1, orders: 1 })).body).toMatchObject({ code: 'DAY_NOT_STARTED' });
    expect((await report({ day: today(), salesFen: -1, orders: 1 })).body).toMatchObject({ code: 'VALIDATION_FAILED' });
    expect((await report({ day: today(), salesFen: 10.5, orders: 1 })).status).toBe(400);
    expect((await report({ day: '2026-02-30', salesFen: 1, orders: 1 })).status).toBe(400);
    expect(await rowsOf(tomorrow)).toEqual([]);
    expect(await rowsOf(today())).toEqual([]);
  });
});
