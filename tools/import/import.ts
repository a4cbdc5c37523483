/**
 * npm run import -- <file.csv> --merchant <id> --store <id> [--charset <name>]
 * Imports a POS purchase history (the UCI Online Retail layout's columns, found by their English or
 * Chinese names, and the customers' phones where a column gives them) for a merchant's store through
 * the POS use cases, with a progress bar and a summary. The file's encoding is found from its bytes (UTF-8, or GB18030/GBK as Excel on Chinese
 * Windows saves CSV) unless --charset names it. DATABASE_URL, or the embedded database (the running
 * platform's, or started for the import).
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { toolDatabase } from '../../libs/database/src/embedded-postgres';
import { loadConfig } from '../../libs/shared/src/config';
import { importHistory } from '../../libs/loyalty/src/application/history-import/history-import';
import { createPlatformApp } from '../../apps/platform/src/create-platform-app';

function argument(name: string): string | undefined {
  const at = process.argv.indexOf(`--${name}`);
  return at === -1 ? undefined : process.argv[at + 1];
}

async function main(): Promise<number> {
  const file = process.argv[2];
  const merchantId = argument('merchant');
  const storeId = argument('store');
  if (!file || file.startsWith('--') || !merchantId || !storeId) {
    console.error('usage: npm run import -- <file.csv> --merchant <merchant id> --store <store id> [--charset <name, e.g. gbk>]');
    return 2;
  }
  const config = loadConfig({ ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', EXPIRY_SWEEP_MS: '0' });
  const database = await toolDatabase(config);
  const app = await createPlatformApp({ config, databaseUrl: database.url, jwtSecret: randomBytes(32).toString('hex') });
  try {
    const summary = await importHistory(app, {
      file: { path: resolve(file), charset: argument('charset') },
      merchantId,
      storeId,
      onProgress: (done, total) => {
        const width = 30;
        const filled = Math.round((done / total) * width);
        process.stderr.write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} invoices`);
      },
    });
    process.stderr.write('\n');
    console.log(`encoding            ${summary.encoding}`);
    console.log(`rows read           ${summary.rowsRead}`);
    console.log(`purchases           ${summary.purchases}`);
    console.log(`returns             ${summary.returns}`);
    console.log(`members created     ${summary.membersCreated}`);
    console.log(`matched by phone    ${summary.membersMatched}`);
    console.log(`already imported    ${summary.alreadyImported}`);
    console.log(`skipped rows        walk-in ${summary.skippedRows.walkIn}, price ≤ 0 ${summary.skippedRows.priceNotPositive}, malformed ${summary.skippedRows.malformed}`);
    for (const row of summary.malformedRows) console.log(`  line ${row.line}: ${row.reason}`);
    for (const row of summary.notTaken) console.log(`${`${row.code === 'PHONE_NOT_TAKEN' ? 'phone' : 'profile'} not taken`.padEnd(20)}line ${row.line}: ${row.reason}`);
    for (const [code, count] of Object.entries(summary.refused)) console.log(`refused             ${count} × ${code}`);
    console.log(`time                ${summary.seconds.toFixed(2)} s, ${summary.rowsPerSecond} rows/s`);
    return 0;
  } finally {
    await app.close();
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`import failed: ${error?.message ?? error}`);
    process.exit(1);
  },
);
