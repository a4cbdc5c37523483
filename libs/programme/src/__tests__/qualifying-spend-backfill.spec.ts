import { createOrm } from '@loyalty/database';
import { newId } from '@loyalty/shared';
import { Client } from 'pg';

/** The programme's migrations on a database that already has purchases (real PostgreSQL). */
describe('qualifying spend backfill', () => {
  const name = `scratch_backfill_${process.pid}_${Date.now()}`;
  const server = () => new Client({ connectionString: process.env.TEST_DATABASE_URL });
  let url: string;

  beforeAll(async () => {
    const client = server();
    await client.connect();
    await client.query(`create database "${name}"`);
    await client.end();
    const target = new URL(process.env.TEST_DATABASE_URL!);
    target.pathname = `/${name}`;
    url = target.toString();
  });
  afterAll(async () => {
    const client = server();
    await client.connect();
    await client.query(`drop database "${name}" with (force)`);
    await client.end();
  });

  it('counts the purchases recorded before the programme, net of refunds', async () => {
    const orm = await createOrm({ url, entities: [] });
    try {
      await orm.migrator.up({ to: 'Migration20261122000005_ledger_foreign_keys' });
      const [tenant, merchant, store, member, purchase] = [newId(), newId(), newId(), newId(), newId()];
      await orm.em.fork().execute(
        `insert into purchase (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, refunded_fen, points_earned, occurred_at)
         values (?, ?, ?, ?, ?, 'A-1', ?, ?, 500, '2026-01-02T03:04:05Z')`,
        [purchase, tenant, merchant, store, member, 500_00, 100_00],
      );
      await orm.migrator.up();
      const rows = await orm.em.fork().execute('select id, member_id, amount_fen, refunded_fen, occurred_at from qualifying_spend');
      expect(rows).toEqual([{ id: purchase, member_id: member, amount_fen: 500_00, refunded_fen: 100_00, occurred_at: expect.anything() }]);
      expect(new Date(rows[0].occurred_at).toISOString()).toBe('2026-01-02T03:04:05.000Z');
    } finally {
      await orm.close();
    }
  });
});
