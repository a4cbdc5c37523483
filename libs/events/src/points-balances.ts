import { type Tx, unnestRows } from '@loyalty/database';
import { POINTS_EXPIRED_V1 } from './contracts/loyalty-events.v1';
import type { IntegrationEvent } from './contracts/integration-event';

/**
 * The points balance a batch of points events leaves each member with: as the last event told it
 * (`absolute`), or, when only expiries came, the points they took (to subtract from the balance kept).
 */
function balancesOf(events: readonly IntegrationEvent[]): Map<string, { tenantId: string; absolute: boolean; value: number }> {
  const balances = new Map<string, { tenantId: string; absolute: boolean; value: number }>();
  for (const event of events) {
    if (!event.type.startsWith('points.')) continue;
    const p = event.payload as { memberId: string; balanceAfter?: number; points?: number };
    if (event.type === POINTS_EXPIRED_V1) {
      const current = balances.get(p.memberId) ?? { tenantId: event.tenantId, absolute: false, value: 0 };
      balances.set(p.memberId, { ...current, value: current.absolute ? current.value - p.points! : current.value + p.points! });
    } else if (p.balanceAfter !== undefined) {
      balances.set(p.memberId, { tenantId: event.tenantId, absolute: true, value: p.balanceAfter });
    }
  }
  return balances;
}

/**
 * Keeps a consumer's copy of members' points balances (a table of its own schema with member_id,
 * tenant_id and points_balance) up to date with a delivered batch of points events, in the
 * consumer's transaction.
 */
export async function keepPointsBalances(tx: Tx, table: string, events: readonly IntegrationEvent[]): Promise<void> {
  const balances = [...balancesOf(events)];
  const absolute = balances.filter(([, b]) => b.absolute);
  const expiredOnly = balances.filter(([, b]) => !b.absolute);
  if (absolute.length > 0) {
    const values = unnestRows(absolute.map(([memberId, b]) => [memberId, b.tenantId, Math.max(0, b.value)]), ['uuid', 'uuid', 'int8']);
    await tx.execute(
      `insert into ${table} (member_id, tenant_id, points_balance) ${values.sql} on conflict (member_id) do update set points_balance = excluded.points_balance`,
      values.params,
    );
  }
  if (expiredOnly.length > 0) {
    const values = unnestRows(expiredOnly.map(([memberId, b]) => [memberId, b.value]), ['uuid', 'int8']);
    await tx.execute(
      `update ${table} c set points_balance = greatest(0, c.points_balance - v.expired) from (${values.sql}) as v (member_id, expired) where c.member_id = v.member_id`,
      values.params,
    );
  }
}
