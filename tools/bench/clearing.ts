/**
 * npm run bench:clearing — a clearing run against the plain SQL aggregate over the same rows.
 *
 * 1. Starts PostgreSQL (embedded, or DATABASE_URL's server) and migrates the clearing schema.
 * 2. Sets up an alliance of 50 participants with contract terms (five of them change terms in the
 *    middle of the period, so the run must split by term), and generates BENCH_TRANSFERS points
 *    transfers (default 10 million) across them as clearing activity over one month.
 * 3. Times the plain aggregate (points per participant and kind) and a full clearing run for the
 *    month, each BENCH_REPEATS times (default 3, fresh schemes for the runs, so none is a replay),
 *    and prints the medians and their ratio; then checks every run summed to zero.
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Db } from '../../libs/database/src/db';
import { createOrm, migrateSchemas } from '../../libs/database/src/orm';
import { clearingMigrations } from '../../libs/clearing/src/migrations';
import { ClearingRunner } from '../../libs/clearing/src/application/clearing-runner';
import { type RequestContext, systemContext } from '../../libs/shared/src/request-context';
import { benchDatabase } from './database';
import { fmt, median, timed } from './measure';

const TRANSFERS = Number(process.env.BENCH_TRANSFERS ?? 10_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const PARTICIPANTS = 50;
const CHUNK = 1_000_000;
const PERIOD_START = new Date('2026-10-01T00:00:00+08:00');
const PERIOD_END = new Date('2026-11-01T00:00:00+08:00');
const TERMS_CHANGE = new Date('2026-10-16T00:00:00+08:00');

async function main() {
  const database = await benchDatabase('clearing');
  await migrateSchemas(database.url, [clearingMigrations]);
  const orm = await createOrm({ url: database.url, entities: [], poolMax: 4, migrationSet: clearingMigrations });
  const db = new Db(orm);
  const tenantId = randomUUID();
  const participants = Array.from({ length: PARTICIPANTS }, () => randomUUID());
  try {
    await db.asSystem(async (tx) => {
      for (const [i, id] of participants.entries()) {
        await tx.execute(`insert into clearing.party (id, tenant_id, kind, merchant_id, name, created_at) values (?, ?, 'merchant', ?, ?, now())`, [
          id,
          tenantId,
          id,
          `商户 ${i + 1}`,
        ]);
      }
    });

    // Ids as the platform makes them: time-ordered (UUID v7, built into PostgreSQL 18), random before.
    const [{ v7 }] = await db.asSystem((tx) => tx.execute<{ v7: boolean }[]>(`select current_setting('server_version_num')::int >= 180000 as v7`));
    const newUuid = v7 ? 'uuidv7()' : 'gen_random_uuid()';
    process.stdout.write(`Generating ${fmt(TRANSFERS)} transfers across ${PARTICIPANTS} participants`);
    const load = await timed(async () => {
      for (let from = 0; from < TRANSFERS; from += CHUNK) {
        const to = Math.min(TRANSFERS, from + CHUNK);
        // Kinds in a realistic mix: most points issued, a third redeemed, some expired or reversed.
        await db.asSystem((tx) =>
          tx.execute(
            `insert into clearing.activity (id, tenant_id, merchant_id, kind, points, occurred_at)
             select ${newUuid}, ?::uuid, (?::uuid[])[1 + i % ${PARTICIPANTS}],
                    (array['ISSUED','ISSUED','ISSUED','ISSUED','ISSUED','REDEEMED','REDEEMED','REDEEMED','EXPIRED','REVERSED'])[1 + (i / ${PARTICIPANTS}) % 10],
                    1 + (i * 7919) % 500,
                    ?::timestamptz + ((i * 104729) % ${(PERIOD_END.getTime() - PERIOD_START.getTime()) / 1000}) * interval '1 second'
             from generate_series(?::int8, ?::int8) as i`,
            [tenantId, `{${participants.join(',')}}`, PERIOD_START, from + 1, to],
          ),
        );
        process.stdout.write('.');
      }
      await orm.em.fork().execute('vacuum analyze clearing.activity');
    });
    process.stdout.write(` ${fmt(load.ms / 1000, 1)} s\n`);

    const reference: number[] = [];
    const runs: number[] = [];
    const checks: { positions: number; totalFen: number }[] = [];
    const runner = new ClearingRunner(db);
    const ctx: RequestContext = { ...systemContext('bench-clearing'), tenantId };
    // Warm the cache once, as both measurements then read the same pages.
    await db.asSystem((tx) => tx.execute('select count(*) from clearing.activity'));
    for (let r = 0; r < REPEATS; r++) {
      reference.push(
        (
          await timed(() =>
            db.asSystem((tx) =>
              tx.execute(
                `select merchant_id, kind, sum(points) from clearing.activity where tenant_id = ? and occurred_at < ? group by merchant_id, kind`,
                [tenantId, PERIOD_END],
              ),
            ),
          )
        ).ms,
      );
      const schemeId = randomUUID();
      await db.asSystem(async (tx) => {
        await tx.execute(
          `insert into clearing.scheme (id, tenant_id, name, participant_kind, operator_name, time_zone, created_at) values (?, ?, ?, 'merchant', '联盟', 'Asia/Shanghai', now())`,
          [schemeId, tenantId, `bench-${r}`],
        );
        for (const [i, id] of participants.entries()) {
          const changes = i < 5;
          await tx.execute(
            `insert into clearing.contract_term (id, tenant_id, scheme_id, participant_id, effective_from, effective_to, issue_price_e4, redemption_rate_e4,
               commission_bps, breakage_share_bps, own_points_per_unit, alliance_points_per_unit, created_at, created_by)
             values (gen_random_uuid(), ?, ?, ?, '2026-01-01', ?, ?, 4000, 1000, 5000, 1, 1, now(), 'bench')`,
            [tenantId, schemeId, id, changes ? TERMS_CHANGE : null, 5000 + i * 25],
          );
          if (changes) {
            await tx.execute(
              `insert into clearing.contract_term (id, tenant_id, scheme_id, participant_id, effective_from, issue_price_e4, redemption_rate_e4,
                 commission_bps, breakage_share_bps, own_points_per_unit, alliance_points_per_unit, created_at, created_by)
               values (gen_random_uuid(), ?, ?, ?, ?, 6125, 4500, 800, 5000, 1, 1, now(), 'bench')`,
              [tenantId, schemeId, id, TERMS_CHANGE],
            );
          }
        }
      });
      const run = await timed(() => runner.run(ctx, { schemeId, periodStart: PERIOD_START, periodEnd: PERIOD_END, trigger: 'manual' }));
      runs.push(run.ms);
      checks.push({ positions: run.result.positions.length, totalFen: run.result.totalFen });
    }

    const referenceMs = median(reference);
    const clearingMs = median(runs);
    const lines = [
      '',
      `Clearing benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, ${database.describe}`,
      `  transfers                 ${fmt(TRANSFERS)} across ${PARTICIPANTS} participants, one month (5 change terms mid-month)`,
      `  plain SQL aggregate       ${fmt(referenceMs)} ms   (median of ${REPEATS}: ${reference.map((ms) => fmt(ms)).join(', ')})`,
      `  clearing run              ${fmt(clearingMs)} ms   (median of ${REPEATS}: ${runs.map((ms) => fmt(ms)).join(', ')})`,
      `  ratio run / aggregate     ${fmt(clearingMs / referenceMs, 2)}   (target ≤ 1.25)`,
      `  positions per run         ${checks.map((c) => c.positions).join(', ')}; sum of nets ${checks.map((c) => c.totalFen).join(', ')} (must be 0)`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (checks.some((c) => c.totalFen !== 0 || c.positions !== PARTICIPANTS + 1)) process.exitCode = 1;
  } finally {
    await orm.close();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
