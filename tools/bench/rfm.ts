/**
 * npm run bench:rfm — a full RFM and lifecycle recompute against a plain SQL NTILE query over the same rows.
 *
 * 1. Starts PostgreSQL (embedded, or DATABASE_URL's server) and migrates the insights schema.
 * 2. Generates BENCH_MEMBERS members (default 1 million) of one merchant with BENCH_PURCHASES
 *    purchase facts (default 10 million, one in twenty a refund or return) over the past year,
 *    spread unevenly (some members buy far more often than others), in SQL with generate_series.
 * 3. Times the plain reference (per member: days since the last purchase, purchases, spend; NTILE(5)
 *    of each) and the full recompute (the same measures over the window, percentile breakpoints,
 *    scores, the eight groups, lifecycle stage and segment, every member's row written), each
 *    BENCH_REPEATS times (default 3), and prints the medians and their ratio; then times an
 *    incremental re-scoring of 500 members spread over the range, the work one delivered batch of
 *    purchases does, sixteen times over other members (the first and the median and slowest from
 *    the seventh on, where a prepared statement may run on a generic plan).
 */
import { randomUUID } from 'node:crypto';
import { cpus, totalmem } from 'node:os';
import { Db } from '../../libs/database/src/db';
import { createOrm, migrateSchemas } from '../../libs/database/src/orm';
import { insightsMigrations } from '../../libs/insights/src/migrations';
import { RfmEngine, type RfmScope } from '../../libs/insights/src/application/rfm-engine';
import { benchDatabase } from './database';
import { fmt, median, timed } from './measure';

const MEMBERS = Number(process.env.BENCH_MEMBERS ?? 1_000_000);
const PURCHASES = Number(process.env.BENCH_PURCHASES ?? 10_000_000);
const REPEATS = Number(process.env.BENCH_REPEATS ?? 3);
const INCREMENTAL_BATCHES = 16;
const CHUNK = 1_000_000;
const AS_OF = new Date('2026-11-01T00:00:00+08:00');
const YEAR_SECONDS = 365 * 86_400;
const FACT_INDEXES = [
  { name: 'purchase_fact_merchant_member', columns: 'merchant_id, member_id' },
  { name: 'purchase_fact_tenant_member', columns: 'tenant_id, member_id' },
  { name: 'purchase_fact_merchant_happened', columns: 'merchant_id, happened_at' },
  { name: 'purchase_fact_tenant_happened', columns: 'tenant_id, happened_at' },
];

async function main() {
  const database = await benchDatabase('rfm');
  await migrateSchemas(database.url, [insightsMigrations]);
  const orm = await createOrm({ url: database.url, entities: [], poolMax: 4, migrationSet: insightsMigrations });
  const db = new Db(orm);
  const scope: RfmScope = { scopeId: randomUUID(), tenantId: randomUUID(), kind: 'merchant' };
  try {
    process.stdout.write(`Generating ${fmt(MEMBERS)} members with ${fmt(PURCHASES)} purchases`);
    const load = await timed(async () => {
      await db.asSystem((tx) =>
        tx.execute(`create unlogged table bench_member as select i as idx, gen_random_uuid() as id from generate_series(1, ?::int) as i`, [MEMBERS]),
      );
      await db.asSystem((tx) => tx.execute('alter table bench_member add primary key (idx)'));
      // Loaded without the fact table's indexes, which are built once afterwards (as a restore would).
      await db.asSystem((tx) => tx.execute(`alter table insights.purchase_fact drop constraint purchase_fact_pkey; drop index ${FACT_INDEXES.map((i) => `insights.${i.name}`).join(', ')}`));
      for (let from = 0; from < PURCHASES; from += CHUNK) {
        const to = Math.min(PURCHASES, from + CHUNK);
        // Member by a squared golden-ratio sequence: low numbers buy often, high ones rarely.
        await db.asSystem((tx) =>
          tx.execute(
            `insert into insights.purchase_fact (event_id, tenant_id, merchant_id, store_id, member_id, kind, order_no, amount_fen, occurred_at, happened_at)
             select gen_random_uuid(), ?::uuid, ?::uuid, null, m.id, case when i % 20 = 0 then 'reversal' else 'purchase' end, 'B' || i,
                    100 + (i * 104729) % 50000, at, at
             from generate_series(?::int8, ?::int8) as i
             cross join lateral (select ?::timestamptz - ((i * 15485863) % ${YEAR_SECONDS}) * interval '1 second' as at) as t
             join bench_member m on m.idx = 1 + floor(?::int * power((i * 0.6180339887498949) - floor(i * 0.6180339887498949), 2))::int`,
            [scope.tenantId, scope.scopeId, from + 1, to, AS_OF, MEMBERS],
          ),
        );
        process.stdout.write('.');
      }
      await db.asSystem(async (tx) => {
        await tx.execute('alter table insights.purchase_fact add primary key (event_id)');
        for (const index of FACT_INDEXES) await tx.execute(`create index ${index.name} on insights.purchase_fact (${index.columns})`);
      });
      await orm.em.fork().execute('vacuum analyze insights.purchase_fact');
    });
    process.stdout.write(` ${fmt(load.ms / 1000, 1)} s\n`);

    const engine = new RfmEngine(db);
    const reference: number[] = [];
    const recomputes: number[] = [];
    let members = 0;
    await db.asSystem((tx) => tx.execute('select count(*) from insights.purchase_fact'));
    for (let r = 0; r < REPEATS; r++) {
      // Each repeat a day later, as the daily recompute: every member's recency moves, every row is rewritten.
      const asOf = new Date(AS_OF.getTime() + r * 86_400_000);
      reference.push(
        (
          await timed(() =>
            db.asSystem((tx) =>
              tx.execute(
                `select count(*), sum(r), sum(f), sum(m) from (
                   select ntile(5) over (order by recency desc) as r, ntile(5) over (order by frequency) as f, ntile(5) over (order by monetary) as m
                   from (select member_id, ?::timestamptz - max(occurred_at) as recency, count(*) as frequency, sum(amount_fen) as monetary
                         from insights.purchase_fact where merchant_id = ? and occurred_at <= ? group by member_id) per_member
                 ) scored`,
                [asOf, scope.scopeId, asOf],
              ),
            ),
          )
        ).ms,
      );
      const run = await timed(() => engine.recompute(scope, asOf));
      recomputes.push(run.ms);
      members = run.result.members;
    }
    const [check] = await db.asSystem((tx) =>
      tx.execute<{ rows: string; groups: string; stages: string }[]>(
        `select count(*) as rows, count(distinct rfm_group) as groups, count(distinct lifecycle) as stages from insights.member_rfm where scope_id = ?`,
        [scope.scopeId],
      ),
    );
    // Batches of 500 members spread over the range (the lowest numbers are the heaviest buyers), each
    // batch other members. The first runs on a plan made for its own values; from the sixth on,
    // PostgreSQL may reuse one generic plan for the prepared statement, as a running consumer does,
    // so the later figures count from the seventh.
    const step = Math.max(1, Math.floor(MEMBERS / 500));
    const incremental: number[] = [];
    for (let batch = 0; batch < INCREMENTAL_BATCHES; batch++) {
      const sample = await db.asSystem((tx) =>
        tx.execute<{ id: string }[]>('select id from bench_member where idx % ? = ? limit 500', [step, (batch * 7) % step]),
      );
      incremental.push((await timed(() => db.asSystem((tx) => engine.refreshMembers(tx, [{ scope, memberIds: sample.map((m) => m.id) }])))).ms);
    }
    const later = incremental.slice(6);

    const referenceMs = median(reference);
    const recomputeMs = median(recomputes);
    const lines = [
      '',
      `RFM benchmark — ${new Date().toISOString().slice(0, 10)}, ${cpus().length} CPU (${cpus()[0]?.model.trim()}), ${fmt(totalmem() / 2 ** 30, 0)} GiB, ${database.describe}`,
      `  rows                        ${fmt(PURCHASES)} purchase facts of ${fmt(members)} members, one merchant, one year`,
      `  plain SQL NTILE query       ${fmt(referenceMs)} ms   (median of ${REPEATS}: ${reference.map((ms) => fmt(ms)).join(', ')})`,
      `  full RFM + lifecycle        ${fmt(recomputeMs)} ms   (median of ${REPEATS}: ${recomputes.map((ms) => fmt(ms)).join(', ')})`,
      `  ratio recompute / NTILE     ${fmt(recomputeMs / referenceMs, 2)}   (target ≤ 1.5)`,
      `  incremental, 500 members    ${fmt(incremental[0])} ms the first batch; ${fmt(median(later))} ms (median), ${fmt(Math.max(...later))} ms (slowest) of batches 7–${INCREMENTAL_BATCHES}`,
      `  rows written                ${fmt(Number(check.rows))}; ${check.groups} groups, ${check.stages} lifecycle stages`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (Number(check.rows) !== members) process.exitCode = 1;
  } finally {
    await orm.close();
    await database.stop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
