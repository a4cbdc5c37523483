import { Client } from 'pg';
import { migrateSchemas } from '../../database/src/orm';
import { allMigrations } from './all-migrations';

export interface ScratchDatabase {
  url: string;
  drop(): Promise<void>;
}

async function onServer<T>(work: (client: Client) => Promise<T>): Promise<T> {
  const client = new Client({ connectionString: process.env.TEST_DATABASE_URL });
  await client.connect();
  try {
    return await work(client);
  } finally {
    await client.end();
  }
}

let counter = 0;

/**
 * A migrated database of its own on the test server, for a suite that must not share the test
 * database: one that corrupts data on purpose, or that must see every outbox row itself; or an
 * empty one (`migrate: false`) for a test of the migrations themselves.
 */
export async function createScratchDatabase(label: string, { migrate = true } = {}): Promise<ScratchDatabase> {
  const name = `scratch_${label}_${process.pid}_${Date.now()}_${++counter}`;
  await onServer((c) => c.query(`create database "${name}"`));
  const target = new URL(process.env.TEST_DATABASE_URL!);
  target.pathname = `/${name}`;
  if (migrate) await migrateSchemas(target.toString(), allMigrations);
  return { url: target.toString(), drop: () => onServer((c) => c.query(`drop database "${name}" with (force)`)).then(() => undefined) };
}
