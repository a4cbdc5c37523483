/**
 * npm run verify: checks every ledger invariant (each ledger sums to zero, account sums equal their
 * transfers, lots agree with balances, no forbidden negative, pending transfers settled properly)
 * and exits 1 naming each violation. Uses DATABASE_URL, or the embedded database under DATA_DIR
 * (started for the check if the platform is not running).
 */
import { toolDatabase } from '../../libs/database/src/embedded-postgres';
import { verifyDatabase } from '../../libs/ledger/src/application/verify-ledger';
import { loadConfig } from '../../libs/shared/src/config';

async function main(): Promise<number> {
  const database = await toolDatabase(loadConfig());
  const url = database.url;
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
    await database.stop();
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(`verify: could not run: ${error?.message ?? error}`);
    process.exit(2);
  },
);
