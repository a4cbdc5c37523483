import type { Tx } from '@loyalty/database';
import { ACCOUNT_CODES, ASSETS, LedgerService, pointsOwedOn, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { derivedId, type RequestContext } from '@loyalty/shared';

/**
 * Pays off points a member owes (from refunds of points already spent) out of points just earned.
 * Returns how many points went to the debt. `sourceTransferId` makes the settlement's id stable.
 */
export async function settlePointsDebt(ledger: LedgerService, tx: Tx, ctx: RequestContext, memberId: string, sourceTransferId: string): Promise<number> {
  const tenantId = ctx.tenantId!;
  const found = await ledger.findAccount(tx, tenantId, ASSETS.POINTS, ACCOUNT_CODES.MEMBER_POINTS_DEBT, memberId);
  if (!found || pointsOwedOn(found) <= 0) return 0;
  const memberAccountId = await ledger.accountIdFor(tx, standardAccounts.memberPoints(tenantId, memberId));
  const spendable = await ledger.lockSpendable(tx, ctx, memberAccountId, { alsoLock: [found.id] });
  // What is owed, read again now that the debt account is locked.
  const debt = (await ledger.findAccount(tx, tenantId, ASSETS.POINTS, ACCOUNT_CODES.MEMBER_POINTS_DEBT, memberId))!;
  const owed = pointsOwedOn(debt);
  const amount = Math.min(owed, spendable);
  if (amount <= 0) return 0;
  await ledger.createTransfer(tx, ctx, {
    id: derivedId(sourceTransferId, 'debt-settlement'),
    debitAccountId: memberAccountId,
    creditAccountId: debt.id,
    amount,
    kind: TRANSFER_KINDS.DEBT_SETTLEMENT,
    merchantId: ctx.merchantId,
    storeId: ctx.storeId,
    memberId,
  });
  return amount;
}
