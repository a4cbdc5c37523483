import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { checkedPage, type RequestContext } from '@loyalty/shared';
import type { StatementRow, StatementStatus } from '../../domain/statement';
import { paymentTotals } from '../payment-status';
import { loadStatement, selectStatements } from '../settlement-access';

export interface PaymentInstructionView {
  id: string;
  statementId: string;
  payerName: string;
  payeeName: string;
  /** True when the participant pays the operator; false when the operator pays the participant. */
  partyPays: boolean;
  amountFen: number;
  confirmedFen: number;
  outstandingFen: number;
}

export interface DisputeView {
  id: string;
  reason: string;
  amountFen: number | null;
  status: string;
  raisedBy: string;
  createdAt: Date;
  resolution: string | null;
  resolvedAt: Date | null;
}

export interface StatementDetail extends StatementRow {
  instruction: PaymentInstructionView | null;
  disputes: DisputeView[];
}

export class ListStatementsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly filter: { runId?: string | null; status?: StatementStatus | null },
    readonly page: { offset: number; limit: number },
  ) {}
}

@QueryHandler(ListStatementsQuery)
export class ListStatementsHandler implements IQueryHandler<ListStatementsQuery, StatementRow[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, filter, page }: ListStatementsQuery): Promise<StatementRow[]> {
    const { offset, limit } = checkedPage(page);
    const where: string[] = [];
    const params: unknown[] = [];
    if (filter.runId) {
      where.push('run_id = ?');
      params.push(filter.runId);
    }
    if (filter.status) {
      where.push('status = ?');
      params.push(filter.status);
    }
    return this.db.inTenant(ctx, (tx) =>
      selectStatements(tx, `${where.length ? `where ${where.join(' and ')}` : ''} order by period_end desc, party_id nulls last limit ${limit} offset ${offset}`, params),
    );
  }
}

export class GetStatementQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly statementId: string,
  ) {}
}

@QueryHandler(GetStatementQuery)
export class GetStatementHandler implements IQueryHandler<GetStatementQuery, StatementDetail> {
  constructor(private readonly db: Db) {}

  execute({ ctx, statementId }: GetStatementQuery): Promise<StatementDetail> {
    return this.db.inTenant(ctx, async (tx) => {
      const statement = await loadStatement(tx, statementId);
      const [instruction] = await tx.execute<PaymentInstructionView[]>(
        `select id, statement_id as "statementId", payer_name as "payerName", payee_name as "payeeName", party_pays as "partyPays",
                amount_fen as "amountFen", confirmed_fen as "confirmedFen", amount_fen - confirmed_fen as "outstandingFen"
         from settlement.payment_instruction where statement_id = ?`,
        [statement.id],
      );
      const disputes = await tx.execute<(DisputeView & { createdAt: string; resolvedAt: string | null })[]>(
        `select id, reason, amount_fen as "amountFen", status, raised_by as "raisedBy", created_at as "createdAt", resolution, resolved_at as "resolvedAt"
         from settlement.dispute where statement_id = ? order by created_at`,
        [statement.id],
      );
      return {
        ...statement,
        instruction: instruction ?? null,
        disputes: disputes.map((d) => ({ ...d, createdAt: new Date(d.createdAt), resolvedAt: d.resolvedAt ? new Date(d.resolvedAt) : null })),
      };
    });
  }
}

export interface ReconciliationLine {
  statementId: string;
  partyName: string;
  status: StatementStatus;
  owedFen: number;
  confirmedFen: number;
  outstandingFen: number;
  /** Amount under open dispute (null: the dispute names no amount, or none is open). */
  disputedFen: number | null;
  openDispute: boolean;
}

export class GetReconciliationQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly runId: string,
  ) {}
}

/** 对账: per statement of a run, what was owed, what was confirmed, what is outstanding or disputed. */
@QueryHandler(GetReconciliationQuery)
export class GetReconciliationHandler implements IQueryHandler<GetReconciliationQuery, ReconciliationLine[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, runId }: GetReconciliationQuery): Promise<ReconciliationLine[]> {
    return this.db.inTenant(ctx, async (tx) => {
      const statements = await selectStatements(tx, 'where run_id = ? order by party_id nulls last', [runId]);
      const totals = await paymentTotals(tx, runId);
      const disputes = await tx.execute<{ statementId: string; amountFen: number | null }[]>(
        `select d.statement_id as "statementId", d.amount_fen as "amountFen" from settlement.dispute d
         join settlement.statement s on s.id = d.statement_id where s.run_id = ? and d.status = 'open'`,
        [runId],
      );
      return statements.map((statement) => {
        const { owedFen, confirmedFen } = totals.get(statement.id) ?? { owedFen: 0, confirmedFen: 0 };
        const dispute = disputes.find((d) => d.statementId === statement.id);
        return {
          statementId: statement.id,
          partyName: statement.partyName,
          status: statement.status,
          owedFen,
          confirmedFen,
          outstandingFen: owedFen - confirmedFen,
          disputedFen: dispute?.amountFen ?? null,
          openDispute: Boolean(dispute),
        };
      });
    });
  }
}
