export interface LedgerViolation {
  check: string;
  detail: string;
}

/**
 * Each check is a query returning one row per violation. Together they state what must hold at
 * every commit; run them in one REPEATABLE READ snapshot (see `verifyLedger`).
 */
const CHECKS: { name: string; sql: string }[] = [
  {
    name: 'ledger sums to zero',
    sql: `select tenant_id || ' ' || asset || ': posted ' || sum(credits_posted - debits_posted) || ', pending ' || sum(credits_pending - debits_pending) as detail
          from ledger_account group by tenant_id, asset
          having sum(credits_posted - debits_posted) <> 0 or sum(credits_pending - debits_pending) <> 0`,
  },
  {
    name: 'account sums equal its transfers',
    sql: `with moves as (
            select debit_account_id as account_id,
                   sum(amount) filter (where phase in ('single', 'post')) as debits_posted,
                   sum(amount) filter (where phase = 'pending' and pending_status = 'pending') as debits_pending,
                   0 as credits_posted, 0 as credits_pending
            from ledger_transfer group by debit_account_id
            union all
            select credit_account_id, 0, 0,
                   sum(amount) filter (where phase in ('single', 'post')),
                   sum(amount) filter (where phase = 'pending' and pending_status = 'pending')
            from ledger_transfer group by credit_account_id
          ), totals as (
            select account_id, coalesce(sum(debits_posted), 0) dp, coalesce(sum(debits_pending), 0) dn,
                   coalesce(sum(credits_posted), 0) cp, coalesce(sum(credits_pending), 0) cn
            from moves group by account_id
          )
          select a.id || ' ' || a.code || ': account (' || a.debits_posted || ',' || a.debits_pending || ',' || a.credits_posted || ',' || a.credits_pending
                 || ') transfers (' || coalesce(t.dp, 0) || ',' || coalesce(t.dn, 0) || ',' || coalesce(t.cp, 0) || ',' || coalesce(t.cn, 0) || ')' as detail
          from ledger_account a left join totals t on t.account_id = a.id
          where a.debits_posted <> coalesce(t.dp, 0) or a.debits_pending <> coalesce(t.dn, 0)
             or a.credits_posted <> coalesce(t.cp, 0) or a.credits_pending <> coalesce(t.cn, 0)`,
  },
  {
    name: 'no forbidden negative balance',
    sql: `select id || ' ' || code || ': debits ' || (debits_posted + debits_pending) || ' > credits ' || credits_posted as detail
          from ledger_account where debits_must_not_exceed_credits and debits_posted + debits_pending > credits_posted
          union all
          select id || ' ' || code || ': credits ' || (credits_posted + credits_pending) || ' > debits ' || debits_posted
          from ledger_account where credits_must_not_exceed_debits and credits_posted + credits_pending > debits_posted`,
  },
  {
    name: 'lots agree with balances',
    sql: `select a.id || ' ' || a.code || ': balance ' || (a.credits_posted - a.debits_posted - a.debits_pending) || ', lots ' || coalesce(sum(l.remaining), 0) as detail
          from ledger_account a left join ledger_lot l on l.account_id = a.id
          where a.tracks_lots group by a.id
          having a.credits_posted - a.debits_posted - a.debits_pending <> coalesce(sum(l.remaining), 0)`,
  },
  {
    name: 'lot remaining equals amount less live consumptions',
    sql: `select l.id || ': amount ' || l.amount || ', remaining ' || l.remaining || ', consumed ' || coalesce(sum(c.amount), 0) as detail
          from ledger_lot l
          left join (ledger_lot_consumption c join ledger_transfer t on t.id = c.transfer_id
                     and not (t.phase = 'pending' and t.pending_status = 'voided')) on c.lot_id = l.id
          group by l.id
          having l.amount - coalesce(sum(c.amount), 0) <> l.remaining`,
  },
  {
    name: 'lot matches the credit that made it',
    sql: `select l.id || ': lot ' || l.amount || ' on ' || l.account_id || ', transfer ' || coalesce(t.amount::text, 'missing') as detail
          from ledger_lot l left join ledger_transfer t on t.id = l.transfer_id
          where t.id is null or t.amount <> l.amount or t.credit_account_id <> l.account_id`,
  },
  {
    name: 'transfer accounts exist and share its tenant and asset',
    sql: `select t.id || ': ' || t.kind as detail from ledger_transfer t
          left join ledger_account d on d.id = t.debit_account_id
          left join ledger_account c on c.id = t.credit_account_id
          where d.id is null or c.id is null or d.id = c.id
             or d.asset <> t.asset or c.asset <> t.asset or d.tenant_id <> t.tenant_id or c.tenant_id <> t.tenant_id`,
  },
  {
    name: 'post and void settle a pending transfer',
    sql: `select r.id || ': ' || r.phase || ' of ' || coalesce(p.id::text, 'missing') || ' (' || coalesce(p.pending_status, '-') || ')' as detail
          from ledger_transfer r left join ledger_transfer p on p.id = r.pending_id
          where r.phase in ('post', 'void') and (p.id is null or p.phase <> 'pending' or p.amount <> r.amount
             or p.pending_status <> case r.phase when 'post' then 'posted' else 'voided' end)`,
  },
];

/**
 * Checks every ledger invariant over the whole database; an empty list means all hold. `query`
 * must run each statement in one REPEATABLE READ snapshot, as `verifyDatabase` does.
 */
export async function verifyLedger(query: (sql: string) => Promise<{ detail: string }[]>): Promise<LedgerViolation[]> {
  const violations: LedgerViolation[] = [];
  for (const check of CHECKS) {
    for (const row of await query(check.sql)) violations.push({ check: check.name, detail: row.detail });
  }
  return violations;
}

/** Runs every check against a database URL, as the superuser that owns the tables (no RLS). */
export async function verifyDatabase(url: string): Promise<LedgerViolation[]> {
  const { Client } = await import('pg');
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('begin isolation level repeatable read read only');
    const violations = await verifyLedger(async (sql) => (await client.query<{ detail: string }>(sql)).rows);
    await client.query('commit');
    return violations;
  } finally {
    await client.end();
  }
}
