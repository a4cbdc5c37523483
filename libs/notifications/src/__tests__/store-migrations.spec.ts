import { coreMigrations, migrateSchemas } from '@loyalty/database';
import { insightsMigrations } from '@loyalty/insights';
import { newId } from '@loyalty/shared';
import { createScratchDatabase, type ScratchDatabase } from '@loyalty/testing';
import { Client } from 'pg';
import { notificationsMigrations } from '../migrations';

/** Stores opened before per-store reports came: their store.created.v1 was consumed before the tables were there. */
describe('store report migrations on a database that already has stores', () => {
  let database: ScratchDatabase;
  beforeAll(async () => {
    database = await createScratchDatabase('store_reports', { migrate: false });
  });
  afterAll(() => database?.drop());

  it('copies the stores into insights and notifications once, so they get their reports', async () => {
    await migrateSchemas(database.url, [coreMigrations]);
    const store = { id: newId(), tenantId: newId(), merchantId: newId() };
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`insert into store (id, tenant_id, merchant_id, name, kind, created_at) values ($1, $2, $3, '万达店', 'direct', now())`, [store.id, store.tenantId, store.merchantId]);
      await migrateSchemas(database.url, [insightsMigrations, notificationsMigrations]);
      expect((await client.query('select id, merchant_id, name from insights.store')).rows).toEqual([{ id: store.id, merchant_id: store.merchantId, name: '万达店' }]);
      expect((await client.query('select id, merchant_id, name, report_email from notifications.store')).rows).toEqual([
        { id: store.id, merchant_id: store.merchantId, name: '万达店', report_email: null },
      ]);
    } finally {
      await client.end();
    }
  });
});
