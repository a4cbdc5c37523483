import type { ClearingLineV1 } from '@loyalty/events';

/**
 * A statement's life: draft when the clearing run arrives, issued to the party, then paid in part
 * or in full as confirmations come in, reconciled once what was paid matches what was owed and no
 * dispute is open. A dispute holds it until resolved.
 */
export type StatementStatus = 'draft' | 'issued' | 'partially_paid' | 'paid' | 'reconciled' | 'disputed';

/** Where payments alone put an issued statement. */
export function statusFromPayments(owedFen: number, confirmedFen: number): 'issued' | 'partially_paid' | 'paid' {
  if (confirmedFen >= owedFen) return 'paid';
  return confirmedFen > 0 ? 'partially_paid' : 'issued';
}

export interface StatementRow {
  id: string;
  tenantId: string;
  runId: string;
  schemeId: string;
  schemeName: string;
  /** Null for the operator's statement. */
  partyId: string | null;
  partyName: string;
  partyMerchantId: string | null;
  operatorMerchantId: string | null;
  periodStart: Date;
  periodEnd: Date;
  timeZone: string;
  netFen: number;
  lines: ClearingLineV1[];
  status: StatementStatus;
  createdAt: Date;
  issuedAt: Date | null;
  reconciledAt: Date | null;
}

const yuan = (fen: number) => `${fen < 0 ? '-' : ''}${Math.floor(Math.abs(fen) / 100)}.${String(Math.abs(fen) % 100).padStart(2, '0')}`;
const csvField = (value: string | number | boolean) => {
  const text = String(value);
  return /[",\n\r]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/**
 * The statement as CSV for the party's accountants: one row per line and a closing NET row, amounts
 * in 分 and in yuan. Starts with a byte-order mark so spreadsheet programs read the Chinese names.
 */
export function statementCsv(statement: StatementRow): string {
  const header = ['statement_id', 'run_id', 'scheme', 'party', 'period_start', 'period_end', 'item', 'adjustment', 'points', 'amount_fen', 'amount_cny'];
  const common = [statement.id, statement.runId, statement.schemeName, statement.partyName, statement.periodStart.toISOString(), statement.periodEnd.toISOString()];
  const rows = statement.lines.map((line) => [...common, line.item, line.adjustment, line.points, line.amountFen, yuan(line.amountFen)]);
  rows.push([...common, 'NET', '', '', statement.netFen, yuan(statement.netFen)]);
  return `\ufeff${[header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n')}\r\n`;
}

/** The statement as a JSON document: stable field names, amounts in 分. */
export function statementJson(statement: StatementRow): Record<string, unknown> {
  return {
    statementId: statement.id,
    runId: statement.runId,
    scheme: { id: statement.schemeId, name: statement.schemeName },
    party: { id: statement.partyId, name: statement.partyName, role: statement.partyId ? 'participant' : 'operator' },
    period: { start: statement.periodStart.toISOString(), end: statement.periodEnd.toISOString(), timeZone: statement.timeZone },
    status: statement.status,
    lines: statement.lines,
    netFen: statement.netFen,
  };
}
