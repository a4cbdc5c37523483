import type { Tx } from '@loyalty/database';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { derivedId, type RequestContext } from '@loyalty/shared';

export interface ClawBack {
  /** Taken from the member's balance. */
  clawedBack: number;
  /** Already spent by the member: booked as the member's points debt. */
  owed: number;
  balance: number;
}

/**
 * Takes up to `points` back from a member to the merchant's issuance account (a refund); the part
 * the member has already spent becomes a points debt (paid from later earnings), so the merchant's
 * issuance is reversed in full and no point goes untracked.
 */
export async function clawBackPoints(
  ledger: LedgerService,
  tx: Tx,
  ctx: RequestContext,
  options: {
    memberId: string;
    points: number;
    operationId: string;
    kind: string;
    reference: string | null;
    preferLotIds?: string[];
  },
): Promise<ClawBack> {
  const tenantId = ctx.tenantId!;
  const merchantId = ctx.merchantId!;
  const [memberAccountId, issuanceId, debtId] = await ledger.accountIdsFor(tx, [
    standardAccounts.memberPoints(tenantId, options.memberId),
    standardAccounts.merchantIssuance(tenantId, merchantId),
    standardAccounts.memberPointsDebt(tenantId, options.memberId),
  ]);
  // Every account this may touch, locked together in id order.
  const spendable = await ledger.lockSpendable(tx, ctx, memberAccountId, { alsoLock: [issuanceId, debtId] });
  const clawedBack = Math.min(options.points, spendable);
  const owed = options.points - clawedBack;
  const common = {
    merchantId,
    storeId: ctx.storeId,
    memberId: options.memberId,
    reference: options.reference,
    creditAccountId: issuanceId,
  };
  if (clawedBack > 0) {
    await ledger.createTransfer(tx, ctx, {
      ...common,
      id: derivedId(options.operationId, 'claw-back'),
      debitAccountId: memberAccountId,
      amount: clawedBack,
      kind: options.kind,
      preferLotIds: options.preferLotIds,
    });
  }
  if (owed > 0) {
    await ledger.createTransfer(tx, ctx, {
      ...common,
      id: derivedId(options.operationId, 'debt'),
      debitAccountId: debtId,
      amount: owed,
      kind: TRANSFER_KINDS.REVERSAL_DEBT,
    });
  }
  const balance = (await ledger.getAccount(tx, memberAccountId))!.available;
  return { clawedBack, owed, balance };
}
