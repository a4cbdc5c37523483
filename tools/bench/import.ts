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
 * BENCH_IMPORT_YEARS=n imports n years of history instead: the file n times, each copy a year
 * further back, its invoice numbers suffixed (`536365Y2`), the same customers.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CommandBus } from '@nestjs/cqrs';
import { cpus, tmpdir, totalmem } from 'node:os';
import { verifyDatabase } from '../../libs/ledger/src/application/verify-ledger';
import { parseCsvLine } from '../../libs/loyalty/src/application/history-import/csv';
import { importHistory, type ImportSummary } from '../../libs/loyalty/src/application/history-import/history-import';
import { loadConfig } from '../../libs/shared/src/config';
import { csvField } from '../../libs/shared/src/csv';
import { systemContext } from '../../libs/shared/src/request-context';
import { CreateAllianceCommand, CreateMerchantCommand, CreateStoreCommand } from '../../libs/tenancy/src';
import { createPlatformApp } from '../../apps/platform/src/create-platform-app';
import { benchDatabase } from './database';
import { DELIVERY_LIMIT_S, secondsUntilDelivered } from './delivery';
import { fmt } from './measure';
import { meterProcessAndServer, SERVER_NOT_METERED } from './process-cpu';

// npm runs scripts from the repository root; the data set sits beside it in shared/.
const FILE = resolve(process.env.BENCH_IMPORT_FILE ?? '../shared/data/online-retail-30k.csv');
const YEARS = Number(process.env.BENCH_IMPORT_YEARS ?? 1);

/** The file `years` times over, each copy a year further back, in a temporary directory. */
function yearsOfHistory(file: string, years: number): string {
  const [header, ...rows] = readFileSync(file, 'utf8').split(/\r?\n/).filter((line) => line !== '');
  const lines = [header];
  for (let back = 0; back < years; back++) for (const row of rows) lines.push(back === 0 ? row : shiftedBack(row, back));
  const path = join(mkdtempSync(join(tmpdir(), 'bench-import-')), `${years}-years.csv`);
  writeFileSync(path, `${lines.join('\n')}\n`);
  return path;
}

function shiftedBack(row: string, years: number): string {
  const fields = parseCsvLine(row);
  // A malformed row stays as it is: the import reports it in every copy.
  if (!fields || fields.length < 5) return row;
  fields[0] = `${fields[0]}Y${years}`;
  fields[4] = fields[4].replace(/^\d{4}/, (year) => String(Number(year) - years));
  return fields.map(csvField).join(',');
}

async function main() {
  if (!(Number.isInteger(YEARS) && YEARS >= 1)) throw new Error(`BENCH_IMPORT_YEARS must be a whole number of years ≥ 1, not ${process.env.BENCH_IMPORT_YEARS}`);
  const file = YEARS > 1 ? yearsOfHistory(FILE, YEARS) : FILE;
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
    const first: ImportSummary = await importHistory(app, { file: { path: file }, merchantId: merchant.id, storeId: store.id });
    const delivered = await secondsUntilDelivered(database.url);
    const microsPerRow = (seconds: number) => `${fmt((seconds * 1e6) / first.rowsRead)} µs`;
    const cpuUsed = cpu.stop();
    const again: ImportSummary = await importHistory(app, { file: { path: file }, merchantId: merchant.id, storeId: store.id });
    const problems = await verifyDatabase(database.url);
    process.stdout.write(
      [
        '',
        `History import benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30)} GiB, ${database.describe}`,
        `  file                 ${FILE}${YEARS > 1 ? ` × ${YEARS} years back (BENCH_IMPORT_YEARS)` : ''}`,
        `  rows read            ${fmt(first.rowsRead)}`,
        `  purchases / returns  ${fmt(first.purchases)} / ${fmt(first.returns)}; members created ${fmt(first.membersCreated)}`,
        `  first import         ${fmt(first.seconds, 2)} s, ${fmt(first.rowsPerSecond)} rows/s   (target ≥ 20,000 rows/s)`,
        delivered === undefined
          ? `  events delivered     not within ${DELIVERY_LIMIT_S} s after the import`
          : `  events delivered     ${fmt(delivered, 2)} s after the import (consumers done: ${fmt(first.rowsRead / (first.seconds + delivered))} rows/s in all)`,
        `  CPU per row          this process ${microsPerRow(cpuUsed.process)}, PostgreSQL ${cpuUsed.server === undefined ? SERVER_NOT_METERED : microsPerRow(cpuUsed.server)} (the import and the consumers' work after it ÷ rows read)`,
        `  again (no-op)        ${fmt(again.seconds, 2)} s; already imported ${fmt(again.alreadyImported)}, new purchases ${again.purchases}`,
        // The file is read whole and sorted before the first invoice is written: this grows with it.
        `  peak RSS             ${fmt(process.resourceUsage().maxRSS / 1024)} MB (this process: the platform and the import, its heap not capped)`,
        `  verify               ${problems.length === 0 ? 'clean' : problems.join('; ')}`,
        '',
      ].join('\n'),
    );
    if (problems.length > 0 || again.purchases + again.returns > 0 || delivered === undefined) process.exitCode = 1;
  } finally {
    await app.close();
    await database.stop();
    if (file !== FILE) rmSync(dirname(file), { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
