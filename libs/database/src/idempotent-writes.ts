import { canonicalJson, conflict, type RequestContext, sha256Hex } from '@loyalty/shared';
import type { Db, Tx } from './db';

export interface WriteOutcome<T = unknown> {
  status: number;
  body: T;
}

/** Answers an HTTP write with its outcome's status: 201, or 200, or the stored one on a replay. */
export function replyWith<T>(reply: { status(code: number): unknown }, outcome: WriteOutcome<T>): T {
  reply.status(outcome.status);
  return outcome.body;
}

export interface IdempotentRequest {
  /** The client's Idempotency-Key header. */
  key: string;
  /** What was asked, e.g. `POST /api/pos/v1/purchases`: the same key on another endpoint conflicts. */
  endpoint: string;
  body: unknown;
}

/**
 * Runs a client write at most once per (store, Idempotency-Key). The key is claimed inside the same
 * transaction as the write, so a crash leaves either both or neither; a concurrent retry waits on
 * the claim and then gets the stored response. A failed write stores nothing: it changed nothing,
 * so the client may retry it with the same key.
 */
export class IdempotentWrites {
  constructor(private readonly db: Db) {}

  async run<T>(ctx: RequestContext, request: IdempotentRequest, work: (tx: Tx) => Promise<WriteOutcome<T>>): Promise<WriteOutcome<T> & { replayed: boolean }> {
    if (!ctx.storeId || !ctx.tenantId || !ctx.merchantId) throw new Error('Idempotent writes need a store context');
    const requestHash = sha256Hex(`${request.endpoint}\n${canonicalJson(request.body)}`);
    return this.db.inTenant(ctx, async (tx) => {
      const claimed = await tx.execute<{ key: string }[]>(
        `insert into idempotency_record (scope, key, tenant_id, merchant_id, request_hash, status, response)
         values (?, ?, ?, ?, ?, 0, 'null') on conflict do nothing returning key`,
        [ctx.storeId, request.key, ctx.tenantId, ctx.merchantId, requestHash],
      );
      if (claimed.length === 0) {
        const [previous] = await tx.execute<{ request_hash: string; status: number; response: T }[]>(
          'select request_hash, status, response from idempotency_record where scope = ? and key = ?',
          [ctx.storeId, request.key],
        );
        if (previous.request_hash !== requestHash) {
          throw conflict('IDEMPOTENCY_CONFLICT', 'This Idempotency-Key was already used for a different request');
        }
        return { status: previous.status, body: previous.response, replayed: true };
      }
      const outcome = await work(tx);
      await tx.execute('update idempotency_record set status = ?, response = ? where scope = ? and key = ?', [
        outcome.status,
        JSON.stringify(outcome.body),
        ctx.storeId,
        request.key,
      ]);
      return { ...outcome, replayed: false };
    });
  }
}
