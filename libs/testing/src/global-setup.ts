import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { migrateSchemas } from '../../database/src/orm';
import { allMigrations } from './all-migrations';
import { freePort, startEmbeddedPostgres } from '../../database/src/embedded-postgres';

/**
 * One real PostgreSQL for the run: the embedded one in a temporary folder, or the server at
 * DATABASE_URL (a fresh database is created there). Migrations run once, here.
 */
export default async function globalSetup(): Promise<void> {
  const database = `loyalty_test_${Date.now()}`;
  let url: string;
  if (process.env.DATABASE_URL) {
    const { Client } = await import('pg');
    const admin = new Client({ connectionString: process.env.DATABASE_URL });
    await admin.connect();
    await admin.query(`create database "${database}"`);
    await admin.end();
    const target = new URL(process.env.DATABASE_URL);
    target.pathname = `/${database}`;
    url = target.toString();
  } else {
    const embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'loyalty-test-pg-')), port: await freePort(), database });
    (globalThis as { __EMBEDDED_PG__?: { stop(): Promise<void> } }).__EMBEDDED_PG__ = embedded;
    url = embedded.url;
  }
  // Migrations only: this process must not load Nest or GraphQL code, or an in-band run would see
  // two copies of them (this one, and the test's own module registry).
  await migrateSchemas(url, allMigrations);
  process.env.TEST_DATABASE_URL = url;
}
