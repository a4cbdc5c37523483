import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import type { ClearingLineItem } from '@loyalty/events';
import { checkedPage, notFound, type RequestContext } from '@loyalty/shared';
import type { ContractTerms } from '../../domain/clearing-terms';
import { loadScheme, SCHEME_COLUMNS, type SchemeRow } from '../clearing-access';

export interface ContractTermsView extends ContractTerms {
  schemeId: string;
  createdAt: Date;
  createdBy: string;
}

const TERM_COLUMNS = `id, scheme_id as "schemeId", participant_id as "participantId", effective_from as "effectiveFrom", effective_to as "effectiveTo",
  issue_price_e4 as "issuePriceE4", redemption_rate_e4 as "redemptionRateE4", commission_bps as "commissionBps",
  breakage_share_bps as "breakageShareBps", own_points_per_unit as "ownPointsPerUnit", alliance_points_per_unit as "alliancePointsPerUnit",
  created_at as "createdAt", created_by as "createdBy"`;

export async function listTerms(tx: Tx, schemeId: string): Promise<ContractTermsView[]> {
  const rows = await tx.execute<(ContractTermsView & { effectiveFrom: string; effectiveTo: string | null; createdAt: string })[]>(
    `select ${TERM_COLUMNS} from clearing.contract_term where scheme_id = ? order by participant_id, effective_from`,
    [schemeId],
  );
  return rows.map((row) => ({
    ...row,
    effectiveFrom: new Date(row.effectiveFrom),
    effectiveTo: row.effectiveTo ? new Date(row.effectiveTo) : null,
    createdAt: new Date(row.createdAt),
  }));
}

export interface RunLineView {
  participantId: string | null;
  participantName: string;
  item: ClearingLineItem;
  adjustment: boolean;
  points: number;
  amountFen: number;
}

export interface RunPositionView {
  participantId: string | null;
  participantName: string;
  pointsIssued: number;
  pointsReversed: number;
  pointsRedeemed: number;
  pointsExpired: number;
  netFen: number;
  lines: RunLineView[];
}

export interface RunView {
  id: string;
  schemeId: string;
  periodStart: Date;
  periodEnd: Date;
  trigger: string;
  createdAt: Date;
  createdBy: string;
  positions: RunPositionView[];
  /** Sum of every position's net: zero, always (kept visible so anyone can check). */
  totalFen: number;
}

/** A run with its positions, as far as the caller may see them (a participant sees its own). */
export async function getRun(tx: Tx, runId: string): Promise<RunView> {
  const [run] = await tx.execute<{ id: string; schemeId: string; periodStart: string; periodEnd: string; trigger: string; createdAt: string; createdBy: string; operatorName: string }[]>(
    `select r.id, r.scheme_id as "schemeId", r.period_start as "periodStart", r.period_end as "periodEnd", r.trigger, r.created_at as "createdAt",
            r.created_by as "createdBy", s.operator_name as "operatorName"
     from clearing.run r join clearing.scheme s on s.id = r.scheme_id where r.id = ?`,
    [runId],
  );
  if (!run) throw notFound('CLEARING_RUN_NOT_FOUND', 'No such clearing run');
  const lines = await tx.execute<(RunLineView & { participantName: string | null })[]>(
    `select l.participant_id as "participantId", p.name as "participantName", l.item, l.adjustment, l.points, l.amount_fen as "amountFen"
     from clearing.run_line l left join clearing.party p on p.id = l.participant_id
     where l.run_id = ? order by l.participant_id nulls last, l.id`,
    [runId],
  );
  const positions = new Map<string, RunPositionView>();
  for (const line of lines) {
    const key = line.participantId ?? 'operator';
    const participantName = line.participantName ?? (line.participantId ? line.participantId : run.operatorName);
    const position = positions.get(key) ?? {
      participantId: line.participantId,
      participantName,
      pointsIssued: 0,
      pointsReversed: 0,
      pointsRedeemed: 0,
      pointsExpired: 0,
      netFen: 0,
      lines: [],
    };
    position.lines.push({ ...line, participantName });
    position.netFen += line.amountFen;
    if (line.item === 'ISSUANCE') position.pointsIssued += line.points;
    if (line.item === 'ISSUANCE_REVERSAL') position.pointsReversed += line.points;
    if (line.item === 'REDEMPTION') position.pointsRedeemed += line.points;
    if (line.item === 'REDEMPTION_REVERSAL') position.pointsRedeemed -= line.points;
    if (line.item === 'BREAKAGE') position.pointsExpired += line.points;
    positions.set(key, position);
  }
  const all = [...positions.values()];
  return {
    ...run,
    periodStart: new Date(run.periodStart),
    periodEnd: new Date(run.periodEnd),
    createdAt: new Date(run.createdAt),
    positions: all,
    totalFen: all.reduce((sum, p) => sum + p.netFen, 0),
  };
}

export class ListClearingSchemesQuery {
  constructor(readonly ctx: RequestContext) {}
}

@QueryHandler(ListClearingSchemesQuery)
export class ListClearingSchemesHandler implements IQueryHandler<ListClearingSchemesQuery, SchemeRow[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx }: ListClearingSchemesQuery): Promise<SchemeRow[]> {
    return this.db.inTenant(ctx, async (tx) =>
      (await tx.execute<SchemeRow[]>(`select ${SCHEME_COLUMNS} from clearing.scheme order by created_at, id`)).map((row) => ({ ...row, createdAt: new Date(row.createdAt) })),
    );
  }
}

export class ListContractTermsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly schemeId: string,
  ) {}
}

@QueryHandler(ListContractTermsQuery)
export class ListContractTermsHandler implements IQueryHandler<ListContractTermsQuery, ContractTermsView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, schemeId }: ListContractTermsQuery): Promise<ContractTermsView[]> {
    return this.db.inTenant(ctx, async (tx) => {
      await loadScheme(tx, schemeId);
      return listTerms(tx, schemeId);
    });
  }
}

export class ListClearingRunsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly schemeId: string,
    readonly page: { offset: number; limit: number },
  ) {}
}

@QueryHandler(ListClearingRunsQuery)
export class ListClearingRunsHandler implements IQueryHandler<ListClearingRunsQuery, RunView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, schemeId, page }: ListClearingRunsQuery): Promise<RunView[]> {
    const { offset, limit } = checkedPage(page);
    return this.db.inTenant(ctx, async (tx) => {
      await loadScheme(tx, schemeId);
      const ids = await tx.execute<{ id: string }[]>(`select id from clearing.run where scheme_id = ? order by period_end desc limit ${limit} offset ${offset}`, [schemeId]);
      const runs: RunView[] = [];
      for (const { id } of ids) runs.push(await getRun(tx, id));
      return runs;
    });
  }
}

export class GetClearingRunQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly runId: string,
  ) {}
}

@QueryHandler(GetClearingRunQuery)
export class GetClearingRunHandler implements IQueryHandler<GetClearingRunQuery, RunView> {
  constructor(private readonly db: Db) {}

  execute({ ctx, runId }: GetClearingRunQuery): Promise<RunView> {
    return this.db.inTenant(ctx, (tx) => getRun(tx, runId));
  }
}
