import { Injectable } from '@nestjs/common';
import { Db, pgArray, type Tx, unnestRows } from '@loyalty/database';
import { appendToOutbox, CLEARING_RUN_CLOSED_V1, type ClearingPositionV1, type ClearingRunClosedV1 } from '@loyalty/events';
import { conflict, newId, type RequestContext, unprocessable } from '@loyalty/shared';
import { type ActivityTotal, type ContractTerms, mergeLines, operatorLines, valueActivity, type ValuedLine } from '../domain/clearing-terms';
import { assertOperates, loadScheme, type SchemeRow } from './clearing-access';
import { getRun, listTerms, type RunView } from './queries/clearing.queries';

export const CLEARING_OUTBOX_TABLE = 'clearing.outbox_event';

export interface RunRequest {
  schemeId: string;
  periodStart: Date;
  periodEnd: Date;
  trigger: 'manual' | 'scheduled';
}

interface PreviousRun {
  periodEnd: Date;
  highSeq: number;
}

/**
 * Runs clearing for one closed period of a scheme. The run covers every activity row recorded up to
 * a high-water mark (`seq`) that occurred before the period end, less what the scheme's earlier
 * runs covered: so each row is cleared once, and rows of a closed period recorded after it was
 * cleared (late events, reversals) come as adjustments in the next run. The same period twice
 * returns the first run; runs of one scheme take turns, so two instances never clear twice.
 */
@Injectable()
export class ClearingRunner {
  constructor(private readonly db: Db) {}

  async run(ctx: RequestContext, request: RunRequest): Promise<RunView> {
    if (request.periodEnd.getTime() > Date.now()) {
      throw unprocessable('PERIOD_NOT_CLOSED', 'The period has not ended yet', { periodEnd: request.periodEnd.toISOString() });
    }
    // Who may run it is decided in the caller's tenant scope (row-level security shows the scheme);
    // the run itself is the platform's own job over the scheme's rows, as the tables' owner.
    const scheme = await this.db.inTenant(ctx, async (tx) => {
      const found = await loadScheme(tx, request.schemeId);
      assertOperates(ctx, found);
      return found;
    });
    const highSeq = await this.committedHighSeq();
    return this.db.asSystem(async (tx) => {
      await tx.execute("select pg_advisory_xact_lock(hashtext('clearing:' || ?))", [scheme.id]);
      const [same] = await tx.execute<{ id: string; periodEnd: string }[]>(
        'select id, period_end as "periodEnd" from clearing.run where scheme_id = ? and period_start = ?',
        [scheme.id, request.periodStart],
      );
      if (same) {
        if (new Date(same.periodEnd).getTime() !== request.periodEnd.getTime()) {
          throw conflict('PERIOD_CONFLICT', 'A run for a different period starting then exists', { runId: same.id });
        }
        return getRun(tx, same.id);
      }
      const [previousRow] = await tx.execute<{ periodEnd: string; highSeq: number }[]>(
        'select period_end as "periodEnd", high_seq as "highSeq" from clearing.run where scheme_id = ? order by period_end desc limit 1',
        [scheme.id],
      );
      const previous: PreviousRun | undefined = previousRow && { periodEnd: new Date(previousRow.periodEnd), highSeq: previousRow.highSeq };
      if (previous && previous.periodEnd.getTime() !== request.periodStart.getTime()) {
        throw conflict('PERIOD_NOT_CONTIGUOUS', 'A run must start where the last one ended', { expectedStart: previous.periodEnd.toISOString() });
      }

      const terms = await listTerms(tx, scheme.id);
      const totals = await this.activityTotals(tx, scheme, request, previous ?? { periodEnd: request.periodStart, highSeq: 0 }, highSeq, terms);
      const lines = mergeLines(totals.flatMap(({ total, term }) => valueActivity(total, term)));
      const runId = newId();
      await tx.execute(
        `insert into clearing.run (id, tenant_id, scheme_id, operator_merchant_id, period_start, period_end, high_seq, trigger, created_at, created_by)
         values (?, ?, ?, ?, ?, ?, ?, ?, now(), ?)`,
        [runId, scheme.tenantId, scheme.id, scheme.operatorMerchantId, request.periodStart, request.periodEnd, highSeq, request.trigger, ctx.actorId],
      );
      const positions = await this.positions(tx, scheme, lines);
      await this.insertLines(tx, runId, scheme, positions);
      const run = await getRun(tx, runId);
      await appendToOutbox(
        tx,
        { ...ctx, tenantId: scheme.tenantId },
        [
          {
            type: CLEARING_RUN_CLOSED_V1,
            key: scheme.id,
            payload: {
              runId,
              schemeId: scheme.id,
              schemeName: scheme.name,
              participantKind: scheme.participantKind,
              operatorMerchantId: scheme.operatorMerchantId,
              periodStart: request.periodStart.toISOString(),
              periodEnd: request.periodEnd.toISOString(),
              timeZone: scheme.timeZone,
              positions,
              closedAt: run.createdAt.toISOString(),
            } satisfies ClearingRunClosedV1,
          },
        ],
        CLEARING_OUTBOX_TABLE,
      );
      return run;
    });
  }

  /**
   * The highest activity number every row at or below which is committed: taking a share lock
   * waits for transactions still inserting, and new inserts wait for the lock, so no row with a
   * lower number can appear later. Held only for this read.
   */
  private committedHighSeq(): Promise<number> {
    return this.db.asSystem(async (tx) => {
      await tx.execute('lock table clearing.activity in share mode');
      const [row] = await tx.execute<{ highSeq: number }[]>('select coalesce(max(seq), 0)::int8 as "highSeq" from clearing.activity');
      return row.highSeq;
    });
  }

  /**
   * Points per participant, kind and contract term, in two passes over disjoint rows: the period's
   * own (occurred in it, recorded by the high-water mark) and the late ones (occurred in an earlier,
   * cleared period, recorded since the last run: few, found by index). Where terms change inside a
   * pass's time range, it sums each span between term boundaries apart, so each sum falls under one
   * term per participant and no pass needs a join.
   */
  private async activityTotals(
    tx: Tx,
    scheme: SchemeRow,
    request: RunRequest,
    previous: PreviousRun,
    highSeq: number,
    terms: ContractTerms[],
  ): Promise<{ total: ActivityTotal; term: ContractTerms }[]> {
    const boundaries = [...new Set(terms.flatMap((t) => [t.effectiveFrom.getTime(), ...(t.effectiveTo ? [t.effectiveTo.getTime()] : [])]))].sort((a, b) => a - b);
    const passes = [
      {
        adjustment: false,
        from: previous.periodEnd.getTime(),
        boundaries: boundaries.filter((at) => at > previous.periodEnd.getTime() && at < request.periodEnd.getTime()),
        where: 'seq <= ? and occurred_at >= ? and occurred_at < ?',
        params: [highSeq, previous.periodEnd, request.periodEnd],
      },
      {
        adjustment: true,
        from: -Infinity,
        boundaries: boundaries.filter((at) => at < previous.periodEnd.getTime()),
        where: 'seq > ? and seq <= ? and occurred_at < ?',
        params: [previous.highSeq, highSeq, previous.periodEnd],
      },
    ];
    const participant = scheme.participantKind === 'merchant' ? 'merchant_id' : 'store_id';
    const missing: { participantId: string; from: string | null }[] = [];
    const valued: { total: ActivityTotal; term: ContractTerms }[] = [];
    for (const pass of passes) {
      // One sum per bucket (bucket b: from the b-th boundary to the next) as FILTERed aggregates, so
      // the rows are grouped by participant and kind alone, as a plain aggregate would.
      const edges = [pass.from, ...pass.boundaries, Infinity];
      const sums = edges.slice(0, -1).map((from, b) => {
        const conditions = [...(b > 0 ? ['occurred_at >= ?'] : []), ...(b < pass.boundaries.length ? ['occurred_at < ?'] : [])];
        return { sql: `sum(points) ${conditions.length ? `filter (where ${conditions.join(' and ')})` : ''}::int8 as b${b}`, params: [...(b > 0 ? [new Date(from)] : []), ...(b < pass.boundaries.length ? [new Date(edges[b + 1])] : [])] };
      });
      const rows = await tx.execute<({ participantId: string; kind: ActivityTotal['kind'] } & Record<string, number | null>)[]>(
        `select ${participant} as "participantId", kind, ${sums.map((sum) => sum.sql).join(', ')}
         from clearing.activity
         where tenant_id = ? and ${pass.where} ${scheme.participantKind === 'store' ? 'and merchant_id = ? and store_id is not null' : ''}
         group by 1, 2`,
        [...sums.flatMap((sum) => sum.params), scheme.tenantId, ...pass.params, ...(scheme.participantKind === 'store' ? [scheme.operatorMerchantId] : [])],
      );
      for (const row of rows) {
        sums.forEach((_, b) => {
          const points = row[`b${b}`] as number | null;
          if (!points) return;
          const start = edges[b];
          const term = terms.find((t) => t.participantId === row.participantId && t.effectiveFrom.getTime() <= start && (!t.effectiveTo || t.effectiveTo.getTime() > start));
          const total: ActivityTotal = { participantId: row.participantId, kind: row.kind, adjustment: pass.adjustment, points, termId: term?.id ?? '' };
          if (term) valued.push({ total, term });
          else missing.push({ participantId: row.participantId, from: Number.isFinite(start) ? new Date(start).toISOString() : null });
        });
      }
    }
    if (missing.length > 0) {
      throw unprocessable('CONTRACT_TERMS_MISSING', 'Some participants have activity in the run but no contract terms for it', missing);
    }
    return valued;
  }

  /** Each participant's lines and net, named; then the operator's, so that all nets sum to zero. */
  private async positions(tx: Tx, scheme: SchemeRow, lines: ValuedLine[]): Promise<ClearingPositionV1[]> {
    const ids = [...new Set(lines.map((line) => line.participantId))].sort();
    const names = new Map(
      (await tx.execute<{ id: string; name: string }[]>('select id, name from clearing.party where id = any(?::uuid[])', [pgArray(ids)])).map((p) => [p.id, p.name]),
    );
    const positions: ClearingPositionV1[] = ids.map((id) => {
      const own = lines.filter((line) => line.participantId === id).map(({ participantId: _, ...line }) => line);
      return { participantId: id, participantName: names.get(id) ?? id, lines: own, netFen: own.reduce((sum, line) => sum + line.amountFen, 0) };
    });
    const operator = operatorLines(lines);
    positions.push({ participantId: null, participantName: scheme.operatorName, lines: operator, netFen: operator.reduce((sum, line) => sum + line.amountFen, 0) });
    return positions;
  }

  private async insertLines(tx: Tx, runId: string, scheme: SchemeRow, positions: ClearingPositionV1[]): Promise<void> {
    const storeMerchant = scheme.participantKind === 'store' ? scheme.operatorMerchantId : null;
    const rows = positions.flatMap((position) =>
      position.lines.map((line) => [
        runId,
        scheme.tenantId,
        scheme.operatorMerchantId,
        position.participantId,
        position.participantId ? (storeMerchant ?? position.participantId) : null,
        line.item,
        line.adjustment,
        line.points,
        line.amountFen,
      ]),
    );
    if (rows.length === 0) return;
    const values = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'text', 'bool', 'int8', 'int8']);
    await tx.execute(
      `insert into clearing.run_line (run_id, tenant_id, operator_merchant_id, participant_id, participant_merchant_id, item, adjustment, points, amount_fen)
       select * from (${values.sql}) as v`,
      values.params,
    );
  }
}
