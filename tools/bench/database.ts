import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { freePort, startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';

export interface BenchDatabase {
  /** A fresh database for the platform. */
  url: string;
  /** Another fresh database on the same server, for the reference workload. */
  referenceUrl: string;
  describe: string;
  /** The server's postmaster process, when it runs on this machine (the embedded one). */
  serverPid?: number;
  stop(): Promise<void>;
}

async function createDatabase(serverUrl: string, name: string): Promise<string> {
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  await client.query(`create database "${name}"`);
  await client.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** DATABASE_URL's server, or an embedded PostgreSQL in a temporary folder: two fresh databases on it. */
export async function benchDatabase(label: string): Promise<BenchDatabase> {
  const suffix = `${label}_${Date.now()}`;
  if (process.env.DATABASE_URL) {
    return {
      url: await createDatabase(process.env.DATABASE_URL, `bench_${suffix}`),
      referenceUrl: await createDatabase(process.env.DATABASE_URL, `reference_${suffix}`),
      describe: `DATABASE_URL server (${new URL(process.env.DATABASE_URL).host})`,
      stop: async () => {},
    };
  }
  const dir = mkdtempSync(join(tmpdir(), 'loyalty-bench-pg-'));
  const embedded = await startEmbeddedPostgres({ dir, port: await freePort(), database: `bench_${suffix}` });
  const server = new URL(embedded.url);
  server.pathname = '/postgres';
  return {
    url: embedded.url,
    referenceUrl: await createDatabase(server.toString(), `reference_${suffix}`),
    describe: `embedded PostgreSQL (${dir}, synchronous_commit on)`,
    serverPid: Number(readFileSync(join(dir, 'postmaster.pid'), 'utf8').split('\n')[0]),
    // The server's files go with it: a ten-year import leaves 2 GB behind.
    stop: async () => {
      await embedded.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
