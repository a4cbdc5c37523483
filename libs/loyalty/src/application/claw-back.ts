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
 * Takes up to `points` back from a member to the merchant's issuance account. With `bookDebt`, the
 * part the member has already spent becomes a points debt (paid from later earnings), so the
 * merchant's issuance is reversed in full and no point goes untracked.
 */
export async function clawBackPoints(
  ledger: LedgerService,
  tx: Tx,
  ctx: RequestContext,
  options: { memberId: string; points: number; operationId: string; kind: string; reference: string | null; preferLotIds?: string[]; bookDebt: boolean },
): Promise<ClawBack> {
  const tenantId = ctx.tenantId!;
  const merchantId = ctx.merchantId!;
  const memberAccountId = await ledger.accountIdFor(tx, standardAccounts.memberPoints(tenantId, options.memberId));
  const spendable = await ledger.lockSpendable(tx, ctx, memberAccountId);
  const clawedBack = Math.min(options.points, spendable);
  const owed = options.bookDebt ? options.points - clawedBack : 0;
  const issuanceId = await ledger.accountIdFor(tx, standardAccounts.merchantIssuance(tenantId, merchantId));
  const common = { merchantId, storeId: ctx.storeId, memberId: options.memberId, reference: options.reference, creditAccountId: issuanceId };
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
      debitAccountId: await ledger.accountIdFor(tx, standardAccounts.memberPointsDebt(tenantId, options.memberId)),
      amount: owed,
      kind: TRANSFER_KINDS.REVERSAL_DEBT,
    });
  }
  const balance = (await ledger.getAccount(tx, memberAccountId))!.available;
  return { clawedBack, owed, balance };
}
