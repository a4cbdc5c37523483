import { createOrm } from '@loyalty/database';
import { newId } from '@loyalty/shared';
import { createScratchDatabase, type ScratchDatabase } from '@loyalty/testing';

/** The programme's migrations on databases that already hold data (real PostgreSQL). */
describe('programme migrations on existing data', () => {
  let database: ScratchDatabase;
  beforeEach(async () => {
    database = await createScratchDatabase('programme_migrations', { migrate: false });
  });
  afterEach(() => database.drop());

  /** Migrates up to `before`, writes the rows of the time, migrates the rest and answers the query. */
  async function across<T>(before: string, rows: [string, unknown[]][], query: string): Promise<T[]> {
    const orm = await createOrm({ url: database.url, entities: [] });
    try {
      await orm.migrator.up({ to: before });
      for (const [sql, params] of rows) await orm.em.fork().execute(sql, params);
      await orm.migrator.up();
      return await orm.em.fork().execute(query);
    } finally {
      await orm.close();
    }
  }

  it('counts the purchases recorded before the programme, net of refunds', async () => {
    const [tenant, merchant, store, member, purchase] = [newId(), newId(), newId(), newId(), newId()];
    const rows = await across<{ occurred_at: string }>(
      'Migration20261122000005_ledger_foreign_keys',
      [
        [
          `insert into purchase (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, refunded_fen, points_earned, occurred_at)
           values (?, ?, ?, ?, ?, 'A-1', ?, ?, 500, '2026-01-02T03:04:05Z')`,
          [purchase, tenant, merchant, store, member, 500_00, 100_00],
        ],
      ],
      'select id, member_id, amount_fen, refunded_fen, occurred_at from qualifying_spend',
    );
    expect(rows).toEqual([{ id: purchase, member_id: member, amount_fen: 500_00, refunded_fen: 100_00, occurred_at: expect.anything() }]);
    expect(new Date(rows[0].occurred_at).toISOString()).toBe('2026-01-02T03:04:05.000Z');
  });

  it('moves each referral programme’s reward, and each referral’s time of reward, to the occasion it was given on', async () => {
    const [tenant, atRegistration, atPurchase, template, a, b, c, d] = [newId(), newId(), newId(), newId(), newId(), newId(), newId(), newId()];
    const program = `insert into referral_program (merchant_id, tenant_id, trigger, inviter_points, invitee_points, inviter_coupon_template_id, invitee_coupon_template_id, window_days)
                     values (?, ?, ?, ?, ?, null, ?, 7)`;
    const referral = `insert into referral (id, tenant_id, merchant_id, inviter_member_id, invitee_member_id, created_at, rewarded_at)
                      values (?, ?, ?, ?, ?, '2026-11-01T00:00:00Z', '2026-11-02T00:00:00Z')`;
    const rows = await across<Record<string, unknown>>(
      'Migration20261204213653_programme_birthday_points',
      [
        [program, [atRegistration, tenant, 'REGISTRATION', 10, 20, null]],
        [program, [atPurchase, tenant, 'FIRST_PURCHASE', 100, 50, template]],
        [referral, [newId(), tenant, atRegistration, a, b]],
        [referral, [newId(), tenant, atPurchase, c, d]],
      ],
      `select p.merchant_id, p.on_registration, p.on_first_purchase, r.registration_rewarded_at is not null as registration, r.first_purchase_rewarded_at is not null as purchase
       from referral_program p join referral r on r.merchant_id = p.merchant_id order by p.on_registration is null`,
    );
    expect(rows).toEqual([
      {
        merchant_id: atRegistration,
        on_registration: { inviterPoints: 10, inviteePoints: 20, inviterCouponTemplateId: null, inviteeCouponTemplateId: null },
        on_first_purchase: null,
        registration: true,
        purchase: false,
      },
      {
        merchant_id: atPurchase,
        on_registration: null,
        on_first_purchase: { inviterPoints: 100, inviteePoints: 50, inviterCouponTemplateId: null, inviteeCouponTemplateId: template },
        registration: false,
        purchase: true,
      },
    ]);
  });
});
