import type { Tx } from '@loyalty/database';
import { forbidden, notFound, type RequestContext } from '@loyalty/shared';
import type { StatementRow } from '../domain/statement';

export const STATEMENT_COLUMNS = `id, tenant_id as "tenantId", run_id as "runId", scheme_id as "schemeId", scheme_name as "schemeName",
  party_id as "partyId", party_name as "partyName", party_merchant_id as "partyMerchantId", operator_merchant_id as "operatorMerchantId",
  period_start as "periodStart", period_end as "periodEnd", time_zone as "timeZone", net_fen as "netFen", lines, status,
  created_at as "createdAt", issued_at as "issuedAt", reconciled_at as "reconciledAt"`;

type RawStatement = Omit<StatementRow, 'periodStart' | 'periodEnd' | 'createdAt' | 'issuedAt' | 'reconciledAt'> & {
  periodStart: string;
  periodEnd: string;
  createdAt: string;
  issuedAt: string | null;
  reconciledAt: string | null;
};

export function toStatement(row: RawStatement): StatementRow {
  return {
    ...row,
    periodStart: new Date(row.periodStart),
    periodEnd: new Date(row.periodEnd),
    createdAt: new Date(row.createdAt),
    issuedAt: row.issuedAt ? new Date(row.issuedAt) : null,
    reconciledAt: row.reconciledAt ? new Date(row.reconciledAt) : null,
  };
}

export async function selectStatements(tx: Tx, where: string, params: unknown[]): Promise<StatementRow[]> {
  const rows = await tx.execute<RawStatement[]>(`select ${STATEMENT_COLUMNS} from settlement.statement ${where}`, params);
  return rows.map(toStatement);
}

/** The statement as the caller may see it, locked for change when `forUpdate`. */
export async function loadStatement(tx: Tx, id: string, forUpdate = false): Promise<StatementRow> {
  const [statement] = await selectStatements(tx, `where id = ?${forUpdate ? ' for update' : ''}`, [id]);
  if (!statement) throw notFound('STATEMENT_NOT_FOUND', 'No such statement');
  return statement;
}

/** The operator settles: the alliance operator, or for a chain's stores the HQ's merchant admin. */
export function isOperatorOf(ctx: RequestContext, statement: Pick<StatementRow, 'tenantId' | 'operatorMerchantId'>): boolean {
  return statement.operatorMerchantId
    ? ctx.roles.includes('MERCHANT_ADMIN') && ctx.merchantId === statement.operatorMerchantId
    : ctx.roles.includes('ALLIANCE_OPERATOR') && ctx.tenantId === statement.tenantId;
}

export function assertOperator(ctx: RequestContext, statement: Pick<StatementRow, 'tenantId' | 'operatorMerchantId'>): void {
  if (!isOperatorOf(ctx, statement)) throw forbidden("Only the scheme's operator may do this");
}
