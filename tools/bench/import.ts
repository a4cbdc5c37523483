/**
 * npm run bench:import — the history import on a fresh database.
 *
 * Starts PostgreSQL (embedded, or DATABASE_URL's server) with the platform in this process, creates
 * an alliance merchant with a store, imports BENCH_IMPORT_FILE (default the 30,000-row Online Retail
 * extract in ../shared/data) and prints the summary with rows/s; then imports it again (nothing is
 * imported twice) and checks the ledger. Besides the import's own time it prints how long the
 * consumers (insights, notifications, clearing) took after it to handle every event it wrote: they
 * run in this process and share its CPUs, so work moved to them can make the import look faster;
 * and the CPU this process and PostgreSQL used for the import and that work, per row.
 */
import { randomBytes } from 'node:crypto';
import { resolve } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { cpus, totalmem } from 'node:os';
import { verifyDatabase } from '../../libs/ledger/src/application/verify-ledger';
import { importHistory, type ImportSummary } from '../../libs/loyalty/src/application/history-import/history-import';
import { loadConfig } from '../../libs/shared/src/config';
import { systemContext } from '../../libs/shared/src/request-context';
import { CreateAllianceCommand, CreateMerchantCommand, CreateStoreCommand } from '../../libs/tenancy/src';
import { createPlatformApp } from '../../apps/platform/src/create-platform-app';
import { benchDatabase } from './database';
import { DELIVERY_LIMIT_S, secondsUntilDelivered } from './delivery';
import { fmt } from './measure';
import { meterProcessAndServer, SERVER_NOT_METERED } from './process-cpu';

// npm runs scripts from the repository root; the data set sits beside it in shared/.
const FILE = resolve(process.env.BENCH_IMPORT_FILE ?? '../shared/data/online-retail-30k.csv');

async function main() {
  const database = await benchDatabase('import');
  const config = loadConfig({ ...process.env, DATABASE_URL: database.url, LOG_LEVEL: 'warn', EXPIRY_SWEEP_MS: '0', CLEARING_SCHEDULE_MS: '0' });
  const app = await createPlatformApp({ config, databaseUrl: database.url, jwtSecret: randomBytes(32).toString('hex') });
  try {
    const commands = app.get(CommandBus);
    const ctx = systemContext('bench-import');
    const alliance = await commands.execute(new CreateAllianceCommand(ctx, { name: '导入测试联盟' }));
    const merchant = await commands.execute(new CreateMerchantCommand(ctx, { name: 'Online Retail', industry: 'retail', allianceId: alliance.id, timezone: 'Europe/London' }));
    const store = await commands.execute(new CreateStoreCommand(ctx, { merchantId: merchant.id, name: 'Online', kind: 'direct' }));
    const cpu = meterProcessAndServer(process.pid, database.serverPid);
    const first: ImportSummary = await importHistory(app, { file: FILE, merchantId: merchant.id, storeId: store.id });
    const delivered = await secondsUntilDelivered(database.url);
    const microsPerRow = (seconds: number) => `${fmt((seconds * 1e6) / first.rowsRead)} µs`;
    const cpuUsed = cpu.stop();
    const again: ImportSummary = await importHistory(app, { file: FILE, merchantId: merchant.id, storeId: store.id });
    const problems = await verifyDatabase(database.url);
    process.stdout.write(
      [
        '',
        `History import benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB, ${database.describe}`,
        `  file                 ${FILE}`,
        `  rows read            ${fmt(first.rowsRead)}`,
        `  purchases / returns  ${fmt(first.purchases)} / ${fmt(first.returns)}; members created ${fmt(first.membersCreated)}`,
        `  first import         ${fmt(first.seconds, 2)} s, ${fmt(first.rowsPerSecond)} rows/s   (target ≥ 20,000 rows/s)`,
        delivered === undefined
          ? `  events delivered     not within ${DELIVERY_LIMIT_S} s after the import`
          : `  events delivered     ${fmt(delivered, 2)} s after the import (consumers done: ${fmt(first.rowsRead / (first.seconds + delivered))} rows/s in all)`,
        `  CPU per row          this process ${microsPerRow(cpuUsed.process)}, PostgreSQL ${cpuUsed.server === undefined ? SERVER_NOT_METERED : microsPerRow(cpuUsed.server)} (the import and the consumers' work after it ÷ rows read)`,
        `  again (no-op)        ${fmt(again.seconds, 2)} s; already imported ${fmt(again.alreadyImported)}, new purchases ${again.purchases}`,
        `  verify               ${problems.length === 0 ? 'clean' : problems.join('; ')}`,
        '',
      ].join('\n'),
    );
    if (problems.length > 0 || again.purchases + again.returns > 0 || delivered === undefined) process.exitCode = 1;
  } finally {
    await app.close();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
