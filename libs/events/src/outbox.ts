import { type Tx, unnestRows } from '@loyalty/database';
import { newId, type RequestContext } from '@loyalty/shared';
import type { IntegrationEvent } from './contracts/integration-event';

export interface NewEvent<TPayload> {
  type: string;
  key: string;
  payload: TPayload;
  occurredAt?: Date;
  /** The request it came from, when a batch writes events for several (correlation ids differ). */
  ctx?: RequestContext;
}

/** The loyalty core's outbox table (public schema); other services keep one in their own schema. */
export const CORE_OUTBOX_TABLE = 'outbox_event';

/** Writes events in the caller's transaction: they exist exactly when the change they report does. */
export async function appendToOutbox(tx: Tx, ctx: RequestContext, events: NewEvent<object>[], table: string = CORE_OUTBOX_TABLE): Promise<void> {
  if (events.length === 0) return;
  if (!ctx.tenantId) throw new Error('Events belong to a tenant');
  const now = new Date();
  const rows = unnestRows(
    events.map((event) => [
      newId(),
      ctx.tenantId,
      event.type,
      event.key,
      JSON.stringify(event.payload),
      JSON.stringify({ correlationId: (event.ctx ?? ctx).correlationId, actorId: (event.ctx ?? ctx).actorId }),
      event.occurredAt ?? now,
    ]),
    ['uuid', 'uuid', 'text', 'text', 'jsonb', 'jsonb', 'timestamptz'],
  );
  await tx.execute(`insert into ${table} (id, tenant_id, type, key, payload, headers, created_at) ${rows.sql}`, rows.params);
}

export function toIntegrationEvent(row: OutboxRow): IntegrationEvent {
  return {
    id: row.id,
    type: row.type,
    tenantId: row.tenant_id,
    key: row.key,
    occurredAt: new Date(row.created_at).toISOString(),
    correlationId: row.headers?.correlationId ?? '',
    payload: row.payload,
  };
}

export interface OutboxRow {
  id: string;
  tenant_id: string;
  type: string;
  key: string;
  payload: Record<string, unknown>;
  headers: Record<string, string>;
  created_at: Date;
}
