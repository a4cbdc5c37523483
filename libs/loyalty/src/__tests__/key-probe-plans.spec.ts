import { MikroORM } from '@mikro-orm/postgresql';
import { Client } from 'pg';
import { Db, type LoyaltyPostgreSqlConnection, numberedPlaceholders, PlannerStatistics } from '@loyalty/database';
import {
  bootTestPlatform,
  createScratchDatabase,
  createTenant,
  idemKey,
  posContext,
  posGet,
  posPost,
  type ScratchDatabase,
  type TenantFixture,
  type TestPlatform,
  uniquePhone,
} from '@loyalty/testing';
import { RecordPurchaseHandler } from '../application/commands/record-purchase.command';

/** Tables the POS write path probes by key under row-level security. */
const PROBED = ['member', 'ledger_account', 'ledger_transfer', 'ledger_lot'];
/** Other tenants, each with this many rows in every probed table, together: the statistics' most common values cover them all. */
const TENANTS = 40;
const ROWS_PER_TENANT = 100;
/** A tenant the statistics have not seen, as a new merchant's first import is until the next analyze. */
const UNSEEN_TENANT = '018f0000-0000-7000-8000-0000000000ff';

/** Columns of a probed table a copied row must change to stay unique beside its original. */
const UNIQUE_COLUMNS: Record<string, string> = {
  member: `'phone', 'skew-' || g`,
  ledger_account: `'owner_id', gen_random_uuid()`,
  ledger_transfer: `'pending_id', null`,
  ledger_lot: `'transfer_id', gen_random_uuid()`,
};

interface PlanNode {
  'Node Type': string;
  'Relation Name'?: string;
  'Index Name'?: string;
  'Index Cond'?: string;
  'Recheck Cond'?: string;
  Plans?: PlanNode[];
}

/** How a plan reads each probed table: `table: node type [index] condition`. */
function accesses(node: PlanNode, into: string[] = []): string[] {
  if (node['Relation Name'] && PROBED.includes(node['Relation Name']) && node['Node Type'].includes('Scan')) {
    into.push(`${node['Relation Name']}: ${node['Node Type']}${node['Index Name'] ? ` ${node['Index Name']}` : ''} ${node['Index Cond'] ?? node['Recheck Cond'] ?? ''}`.trim());
  }
  for (const child of node.Plans ?? []) accesses(child, into);
  return into;
}

/**
 * A key probe's access reads one key of the row it probes for: an index condition equating a column
 * other than tenant_id with a value of that row (`id = k.id`, `owner_id = m.id`), or a row address.
 * A scan of the table, or an index condition on the tenant and the statement's parameters alone
 * (an index led by tenant_id, usable through row-level security's filter), reads every matching
 * row of the tenant, however large the tenant has grown.
 */
const keyed = (access: string) => {
  if (/: Tid (Range )?Scan/.test(access)) return true;
  if (!/: (Index Scan|Index Only Scan|Bitmap Heap Scan)/.test(access)) return false;
  // Each equality's column, past any cast (`(phone)::text = k.ref` is on phone), and whether its other side is another row's column.
  const equalities = [...access.slice(access.indexOf('(')).matchAll(/(\w+)\)?(?:::\w+)? = \(?(\w+\.\w+)?/g)];
  return equalities.some(([, column, outer]) => column !== 'tenant_id' && outer !== undefined);
};

/**
 * The POS write path's key probes under row-level security (the statements marked
 * `plannedWhileYoung`) are prepared once their tables are established, and a prepared statement
 * may run on a generic plan, made without the values: each must read each key by an index of its
 * own, whatever the statistics say of the tenant. Where the most common values cover the table (a
 * database of few tenants), a tenant they do not hold was estimated at one row, and the index led
 * by tenant_id, usable through the policy's filter, looked cheaper than the primary key: one import
 * batch's ledger write read the tenant's accounts for every key for 215 s in a full test run.
 * Checked as such a tenant, on generic plans (custom plans take the tenant's estimate from
 * app_tenant_id() at planning just the same). Before that, while the tables are young (a new
 * database), no connection may keep a plan of them at all.
 */
describe('the POS write path’s key probes under row-level security', () => {
  let database: ScratchDatabase;
  let platform: TestPlatform;
  let tenant: TenantFixture;
  /** The marked statements the POS write path ran, numbered as PostgreSQL gets them, by text. */
  const marked = new Map<string, number>();
  const connection = () => platform.app.get(MikroORM).em.getConnection() as LoyaltyPostgreSqlConnection;
  const register = async () => (await posPost(platform, tenant.merchants[0].posKeys[0], '/members', { phone: uniquePhone() })).body as { id: string; phone: string };

  beforeAll(async () => {
    database = await createScratchDatabase('key_probes');
    platform = await bootTestPlatform({ EXPIRY_SWEEP_MS: '0' }, database.url);
    tenant = await createTenant(platform.app, { merchants: 1 });
    const execute = connection().execute.bind(connection());
    jest.spyOn(connection(), 'execute').mockImplementation((query, params = [], ...rest) => {
      if (typeof query === 'string' && query.startsWith('/* planned while young') && Array.isArray(params)) marked.set(numberedPlaceholders(query, params.length), params.length);
      return execute(query, params, ...rest);
    });

    // Each branch of the POS write path: by id and by phone, a debt paid from the next earning, a
    // purchase that earns nothing, an expired lot swept before a spending.
    const key = tenant.merchants[0].posKeys[0];
    const purchase = (body: Record<string, unknown>) => posPost(platform, key, '/purchases', { orderNo: `o-${uniquePhone()}`, ...body });
    const [a, b] = [await register(), await register()];
    expect((await purchase({ memberId: a.id, amountFen: 20_000, orderNo: 'refunded' })).status).toBe(201);
    expect((await purchase({ phone: a.phone, amountFen: 5_000 })).status).toBe(201);
    expect((await posPost(platform, key, '/redemptions', { memberId: a.id, points: 240, orderNo: 'spend' })).status).toBe(201);
    expect((await posPost(platform, key, '/refunds', { orderNo: 'refunded' })).body).toMatchObject({ pointsOwed: 190 });
    expect((await purchase({ memberId: a.id, amountFen: 10_000 })).body).toMatchObject({ pointsAppliedToDebt: 100 });
    expect((await purchase({ memberId: b.id, amountFen: 3_000, occurredAt: new Date(Date.now() - 400 * 86_400_000).toISOString() })).status).toBe(201);
    expect((await purchase({ memberId: b.id, amountFen: 50 })).body).toMatchObject({ pointsEarned: 0, pointsBalance: 30 });
    // The 30 points expired 12 months after; spending sweeps them first.
    expect((await posPost(platform, key, '/redemptions', { memberId: b.id, points: 10, orderNo: 'spend-b' })).body).toMatchObject({ code: 'INSUFFICIENT_POINTS' });
  });
  afterAll(async () => {
    await platform?.close();
    await database?.drop();
  });

  it('are planned at each run while their tables are young: no connection keeps a plan made then', async () => {
    // A new database: the tables hold the few rows above, under ESTABLISHED_ROWS.
    const ctx = posContext(tenant.merchants[0]);
    const [byId, byPhone] = [await register(), await register()];
    const handler = platform.app.get(RecordPurchaseHandler);
    const job = (ref: { memberId: string } | { phone: string }, amountFen: number) => {
      const key = idemKey();
      return { ctx, key, endpoint: 'POST /api/pos/v1/purchases', body: {}, data: { ...ref, orderNo: key, amountFen } };
    };
    const { prepared, pointsEarned } = await platform.app.get(Db).inTenant(ctx, async (tx) => {
      const earned: unknown[] = [];
      // Seven batches on one connection: past PostgreSQL's five custom plans before it may settle on a generic one.
      // A purchase under ¥1 earns nothing and answers the balance as it stands (the balances probe).
      for (let run = 0; run < 7; run++) {
        const outcomes = await handler.applyBatch(tx, [job({ memberId: byId.id }, 1_000), job({ phone: byPhone.phone }, 50)]);
        earned.push(...outcomes.map((outcome) => (outcome.ok ? outcome.outcome.body.pointsEarned : outcome.error.code)));
      }
      const statements = await tx.execute<{ statement: string }[]>(`select statement from pg_prepared_statements where statement like '/* planned while young%'`);
      return { prepared: statements, pointsEarned: earned };
    });
    await platform.app.get(PlannerStatistics).run();
    expect(connection().tableStatistics.young()).toEqual(expect.arrayContaining(PROBED));
    expect(prepared).toEqual([]);
    expect(pointsEarned).toEqual(Array.from({ length: 7 }, () => [10, 0]).flat());
    expect((await posGet(platform, tenant.merchants[0].posKeys[0], `/members/${byId.id}`)).body.pointsBalance).toBe(70);
  });

  it('probe each key on their generic plans once their tables are established', async () => {
    // The statistics of a database of few tenants: each tenant's rows copied together (the row
    // order the tenant-led indexes follow), as superuser without constraints' triggers (the rows
    // are there for the statistics, never read), then analyzed; autovacuum kept from analyzing again.
    const client = new Client({ connectionString: database.url });
    await client.connect();
    try {
      await client.query(`set session_replication_role = replica`);
      for (const table of PROBED) {
        await client.query(`alter table ${table} set (autovacuum_enabled = false)`);
        await client.query(
          `insert into ${table}
           select (jsonb_populate_record(null::${table}, to_jsonb(r) || jsonb_build_object(
             'id', gen_random_uuid(), 'tenant_id', md5((g % $2::int)::text)::uuid, ${UNIQUE_COLUMNS[table]}))).*
           from (select * from ${table} where tenant_id = $1::uuid limit 1) r cross join generate_series(1, $2::int * $3::int) g
           order by g % $2::int`,
          [tenant.tenantId, TENANTS, ROWS_PER_TENANT],
        );
        await client.query(`analyze ${table}`);
      }
    } finally {
      await client.end();
    }

    // The path ran its marked statements; the tables, analyzed with the copies, are now established.
    expect(marked.size).toBeGreaterThanOrEqual(6);
    await platform.app.get(PlannerStatistics).run();
    expect(connection().tableStatistics.young()).toEqual([]);
    const plans = await platform.app.get(Db).inTenant({ ...posContext(tenant.merchants[0]), tenantId: UNSEEN_TENANT }, async (tx) => {
      await tx.execute(`set local plan_cache_mode = force_generic_plan`);
      const plans: { statement: string; accesses: string[] }[] = [];
      let n = 0;
      for (const [text, parameters] of marked) {
        const name = `key_probe_${++n}`;
        await tx.execute(`prepare ${name} as ${text}`);
        const [row] = await tx.execute<{ 'QUERY PLAN': { Plan: PlanNode }[] }[]>(`explain (format json) execute ${name}(${Array(parameters).fill('null').join(', ')})`);
        await tx.execute(`deallocate ${name}`);
        plans.push({ statement: text.replaceAll(/\s+/g, ' ').slice(0, 160), accesses: accesses(row['QUERY PLAN'][0].Plan) });
      }
      return plans;
    });
    // Every probed table the path reads is read somewhere, so the check below has something to see.
    expect(new Set(plans.flatMap((p) => p.accesses.map((a) => a.split(':')[0])))).toEqual(new Set(PROBED));
    expect(plans.filter((p) => !p.accesses.every(keyed))).toEqual([]);
  });
});
