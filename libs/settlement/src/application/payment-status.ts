import type { Tx } from '@loyalty/database';
import { statusFromPayments } from '../domain/statement';

/** What each statement of a run is owed and has had confirmed: its instruction, or for the operator all of the run's. */
export async function paymentTotals(tx: Tx, runId: string): Promise<Map<string, { owedFen: number; confirmedFen: number }>> {
  const rows = await tx.execute<{ id: string; owedFen: number; confirmedFen: number }[]>(
    `select s.id, coalesce(i.amount_fen, 0)::int8 as "owedFen", coalesce(i.confirmed_fen, 0)::int8 as "confirmedFen"
     from settlement.statement s left join settlement.payment_instruction i on i.statement_id = s.id
     where s.run_id = ? and s.party_id is not null
     union all
     select s.id, coalesce(sum(i.amount_fen), 0)::int8, coalesce(sum(i.confirmed_fen), 0)::int8
     from settlement.statement s left join settlement.payment_instruction i on i.run_id = s.run_id
     where s.run_id = ? and s.party_id is null group by s.id`,
    [runId, runId],
  );
  return new Map(rows.map((row) => [row.id, { owedFen: row.owedFen, confirmedFen: row.confirmedFen }]));
}

/** Moves the run's issued statements (not disputed, not reconciled) to where their payments put them. */
export async function refreshPaymentStatuses(tx: Tx, runId: string): Promise<void> {
  const totals = await paymentTotals(tx, runId);
  for (const [id, { owedFen, confirmedFen }] of totals) {
    await tx.execute(`update settlement.statement set status = ? where id = ? and status in ('issued', 'partially_paid', 'paid')`, [
      statusFromPayments(owedFen, confirmedFen),
      id,
    ]);
  }
}
