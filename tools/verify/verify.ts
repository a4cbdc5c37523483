/**
 * npm run verify: checks every ledger invariant (each ledger sums to zero, account sums equal their
 * transfers, lots agree with balances, no forbidden negative, pending transfers settled properly)
 * and exits 1 naming each violation. Uses DATABASE_URL, or the embedded database under DATA_DIR
 * (started for the check if the platform is not running).
 */
import { join, resolve } from 'node:path';
import { Client } from 'pg';
import { startEmbeddedPostgres } from '../../libs/database/src/embedded-postgres';
import { verifyDatabase } from '../../libs/ledger/src/application/verify-ledger';
import { loadConfig } from '../../libs/shared/src/config';

async function reachable(url: string): Promise<boolean> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: 2000 });
  try {
    await client.connect();
    await client.end();
    return true;
  } catch {
    return false;
  }
}

async function main(): Promise<number> {
  const config = loadConfig();
  let url = config.DATABASE_URL;
  let stop: (() => Promise<void>) | undefined;
  if (!url) {
    url = `postgresql://postgres:postgres@127.0.0.1:${config.EMBEDDED_PG_PORT}/loyalty`;
    if (!(await reachable(url))) {
      const embedded = await startEmbeddedPostgres({ dir: join(resolve(config.DATA_DIR), 'postgres'), port: config.EMBEDDED_PG_PORT, database: 'loyalty' });
      url = embedded.url;
      stop = embedded.stop;
    }
  }
  try {
    const violations = await verifyDatabase(url);
    if (violations.length === 0) {
      console.log('verify: every ledger invariant holds');
      return 0;
    }
    for (const v of violations) console.error(`verify: ${v.check}: ${v.detail}`);
    console.error(`verify: ${violations.length} violation(s)`);
    return 1;
  } finally {
    await stop?.();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify: could not run: ${error?.message ?? error}`);
    process.exit(2);
  },
);
