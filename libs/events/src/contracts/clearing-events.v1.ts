/** Payloads of the clearing service's integration events, version 1. Money in 分, points whole. */

export const CLEARING_RUN_CLOSED_V1 = 'clearing.run-closed.v1';

export type ClearingLineItem = 'ISSUANCE' | 'ISSUANCE_REVERSAL' | 'REDEMPTION' | 'REDEMPTION_REVERSAL' | 'COMMISSION' | 'BREAKAGE';

export interface ClearingLineV1 {
  item: ClearingLineItem;
  /** True for activity of an earlier, already closed period that arrived late. */
  adjustment: boolean;
  points: number;
  /** Signed: positive is owed to the party, negative is owed by it. */
  amountFen: number;
}

export interface ClearingPositionV1 {
  /** Null for the operator (the alliance, or the franchise HQ). */
  participantId: string | null;
  participantName: string;
  lines: ClearingLineV1[];
  netFen: number;
}

export interface ClearingRunClosedV1 {
  runId: string;
  schemeId: string;
  schemeName: string;
  /** merchant: participants are an alliance's merchants; store: a franchise chain's stores. */
  participantKind: 'merchant' | 'store';
  /** The franchise HQ running a store scheme; null when the alliance operates. */
  operatorMerchantId: string | null;
  periodStart: string;
  periodEnd: string;
  timeZone: string;
  /** Every participant with activity, then the operator; the nets sum to zero. */
  positions: ClearingPositionV1[];
  closedAt: string;
}
