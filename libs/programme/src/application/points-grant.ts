import { Injectable } from '@nestjs/common';
import type { Tx } from '@loyalty/database';
import { appendToOutbox, POINTS_EARNED_V1, type PointsEarnedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { expiryFor } from '@loyalty/loyalty';
import type { RequestContext } from '@loyalty/shared';
import { MerchantDirectory, merchantSettingsAt } from '@loyalty/tenancy';

/**
 * Points the merchant gives outside a purchase at the till (cashback, referral rewards): issued from its
 * issuance account as a lot expiring by its policy, reported as points.earned.v1 with no spend
 * (amountFen 0), so clearing counts them like any other issuance.
 */
@Injectable()
export class PointsGrant {
  constructor(
    private readonly ledger: LedgerService,
    private readonly merchants: MerchantDirectory,
  ) {}

  /** Returns the member's points balance after the grant. */
  async grant(tx: Tx, ctx: RequestContext, grant: { memberId: string; points: number; transferId: string; reference: string }): Promise<number> {
    const now = new Date();
    const merchant = await this.merchants.get(tx, ctx.merchantId!);
    const expiresAt = expiryFor(now, merchantSettingsAt(merchant, now), merchant.timezone);
    const [issuance, member] = await this.ledger.accountIdsFor(tx, [
      standardAccounts.merchantIssuance(ctx.tenantId!, ctx.merchantId!),
      standardAccounts.memberPoints(ctx.tenantId!, grant.memberId),
    ]);
    const [outcome] = await this.ledger.createTransfers(tx, ctx, [
      {
        id: grant.transferId,
        debitAccountId: issuance,
        creditAccountId: member,
        amount: grant.points,
        kind: TRANSFER_KINDS.EARN,
        merchantId: ctx.merchantId,
        storeId: ctx.storeId,
        memberId: grant.memberId,
        reference: grant.reference,
        occurredAt: now,
        lotExpiresAt: expiresAt,
      },
    ]);
    if (!outcome.ok) throw outcome.error;
    const balanceAfter = outcome.available?.credit ?? (await this.ledger.availableOf(tx, [member])).get(member)!;
    await appendToOutbox(tx, ctx, [
      {
        type: POINTS_EARNED_V1,
        key: grant.memberId,
        payload: {
          memberId: grant.memberId,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId!,
          transferId: grant.transferId,
          orderNo: grant.reference,
          amountFen: 0,
          points: grant.points,
          expiresAt: expiresAt.toISOString(),
          balanceAfter,
          occurredAt: now.toISOString(),
        } satisfies PointsEarnedV1,
      },
    ]);
    return balanceAfter;
  }
}
