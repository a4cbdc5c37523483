import { canonicalJson, conflict, type RequestContext, sha256Hex } from '@loyalty/shared';
import { encodeBinaryArray } from './binary-arrays';
import { type Tx, unnestRows } from './db';

export interface WriteOutcome<T = unknown> {
  status: number;
  body: T;
}

/** Answers an HTTP write with its outcome's status: 201, or 200, or the stored one on a replay. */
export function replyWith<T>(reply: { status(code: number): unknown }, outcome: WriteOutcome<T>): T {
  reply.status(outcome.status);
  return outcome.body;
}

/** A client write: who, which Idempotency-Key, what was asked (raw body) and its validated data. */
export interface WriteJob<TData = unknown> {
  ctx: RequestContext;
  key: string;
  /** e.g. `POST /api/pos/v1/purchases`: the same key on another endpoint is a conflict. */
  endpoint: string;
  body: unknown;
  data: TData;
}

export type Claim<T = unknown> = { claimed: true } | { claimed: false; replay: WriteOutcome<T> } | { claimed: false; conflict: true };

/** A job's request hash, computed once: claiming, comparing and storing each need it. */
const requestHashes = new WeakMap<WriteJob, string>();
const requestHash = (job: WriteJob) => {
  let hash = requestHashes.get(job);
  if (hash === undefined) {
    hash = sha256Hex(`${job.endpoint}\n${canonicalJson(job.body)}`);
    requestHashes.set(job, hash);
  }
  return hash;
};
const scopeOf = (job: WriteJob) => {
  if (!job.ctx.storeId || !job.ctx.tenantId || !job.ctx.merchantId) throw new Error('Idempotent writes need a store context');
  return job.ctx.storeId;
};

/**
 * Claims each job's (store, Idempotency-Key) in the write's own transaction, so a crash leaves
 * both or neither; a concurrent claim of the same key waits for the first to commit. A key
 * already used answers its stored response, or a conflict when the request differs.
 */
export async function claimKeys<T>(tx: Tx, jobs: WriteJob[]): Promise<Claim<T>[]> {
  if (jobs.length === 0) return [];
  const rows = unnestRows(
    jobs.map((job) => [scopeOf(job), job.key, job.ctx.tenantId, job.ctx.merchantId, requestHash(job)]),
    ['uuid', 'text', 'uuid', 'uuid', 'text'],
  );
  const claimed = await tx.execute<{ scope: string; key: string }[]>(
    `insert into idempotency_record (scope, key, tenant_id, merchant_id, request_hash, status, response)
     select v.scope, v.key, v.tenant, v.merchant, v.hash, 0, 'null' from (${rows.sql}) as v(scope, key, tenant, merchant, hash)
     on conflict do nothing returning scope, key`,
    rows.params,
  );
  const mine = new Set(claimed.map((c) => `${c.scope}|${c.key}`));
  const others = jobs.filter((job) => !mine.has(`${scopeOf(job)}|${job.key}`));
  const previous = new Map<string, { requestHash: string; status: number; response: T }>();
  if (others.length > 0) {
    // One primary-key probe per key. Without stats (a young table), row-level security's filter
    // looks so selective that a plain join was planned as a scan of the table per key (0.7 s for
    // 500 keys); `limit 1` keeps each lateral probe on its own (a key names one row anyway).
    const found = await tx.execute<{ scope: string; key: string; requestHash: string; status: number; response: T }[]>(
      `select r.scope, r.key, r.request_hash as "requestHash", r.status, r.response
       from unnest(?::uuid[], ?::text[]) as k(scope, key)
       cross join lateral (select * from idempotency_record i where i.scope = k.scope and i.key = k.key limit 1) r`,
      [encodeBinaryArray('uuid', others.map(scopeOf)), encodeBinaryArray('text', others.map((job) => job.key))],
    );
    for (const row of found) previous.set(`${row.scope}|${row.key}`, row);
  }
  return jobs.map((job) => {
    const id = `${scopeOf(job)}|${job.key}`;
    if (mine.has(id)) return { claimed: true };
    const row = previous.get(id);
    if (!row || row.requestHash !== requestHash(job)) return { claimed: false, conflict: true };
    return { claimed: false, replay: { status: row.status, body: row.response } };
  });
}

export const idempotencyConflict = () => conflict('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used for a different request');

/** Stores each successful write's response under its key, for replays. */
export async function storeResponses(tx: Tx, results: { job: WriteJob; outcome: WriteOutcome }[]): Promise<void> {
  if (results.length === 0) return;
  const rows = unnestRows(
    results.map(({ job, outcome }) => [scopeOf(job), job.key, job.ctx.tenantId, job.ctx.merchantId, requestHash(job), outcome.status, JSON.stringify(outcome.body)]),
    ['uuid', 'text', 'uuid', 'uuid', 'text', 'int4', 'jsonb'],
  );
  // Every key was claimed in this transaction: each row conflicts and takes its response. Written as
  // an upsert, the rows are found through the primary key, never by a join the planner may misjudge.
  await tx.execute(
    `insert into idempotency_record (scope, key, tenant_id, merchant_id, request_hash, status, response)
     select * from (${rows.sql}) as v
     on conflict (scope, key) do update set status = excluded.status, response = excluded.response`,
    rows.params,
  );
}

/** A failed write changed nothing and keeps nothing: its key may be used again. */
export async function releaseClaims(tx: Tx, jobs: WriteJob[]): Promise<void> {
  if (jobs.length === 0) return;
  await tx.execute('delete from idempotency_record where (scope, key) in (select unnest(?::uuid[]), unnest(?::text[]))', [
    encodeBinaryArray('uuid', jobs.map(scopeOf)),
    encodeBinaryArray('text', jobs.map((job) => job.key)),
  ]);
}
