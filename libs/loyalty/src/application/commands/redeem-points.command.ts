import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, POINTS_REDEEMED_V1, type PointsRedeemedV1 } from '@loyalty/events';
import { INSUFFICIENT_FUNDS, LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { MemberDirectory } from '@loyalty/members';
import { derivedId, DomainError, type RequestContext, unprocessable } from '@loyalty/shared';
import { PosWriteCommand, PosWriteEachInSavepoint } from '../pos-write.handler';
import { type RedeemPointsInput, redeemPointsInput } from '../pos-inputs';
import { assertRedemptionsNotHeld } from '../redemption-holds';

export class RedeemPointsCommand extends PosWriteCommand {}

export interface RedemptionResult {
  transferId: string;
  pointsRedeemed: number;
  pointsBalance: number;
}

/** Spends a member's points at this store (抵扣), earliest-expiring points first. */
@CommandHandler(RedeemPointsCommand)
export class RedeemPointsHandler extends PosWriteEachInSavepoint<typeof redeemPointsInput, RedemptionResult> {
  protected readonly endpoint = 'POST /api/pos/v1/redemptions';
  protected readonly schema = redeemPointsInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RedeemPointsInput, idempotencyKey: string): Promise<WriteOutcome<RedemptionResult>> {
    const tenantId = ctx.tenantId!;
    const merchantId = ctx.merchantId!;
    const member = await this.members.resolve(tx, data);
    await assertRedemptionsNotHeld(tx, merchantId, member.id);
    const memberAccountId = await this.ledger.accountIdFor(tx, standardAccounts.memberPoints(tenantId, member.id));
    const transferId = derivedId(ctx.storeId!, idempotencyKey, 'redeem');
    const occurredAt = data.occurredAt ? new Date(data.occurredAt) : new Date();
    try {
      await this.ledger.createTransfer(tx, ctx, {
        id: transferId,
        debitAccountId: memberAccountId,
        creditAccountId: await this.ledger.accountIdFor(tx, standardAccounts.merchantRedemption(tenantId, merchantId)),
        amount: data.points,
        kind: TRANSFER_KINDS.REDEEM,
        merchantId,
        storeId: ctx.storeId,
        memberId: member.id,
        reference: data.orderNo,
        occurredAt,
      });
    } catch (error) {
      if (error instanceof DomainError && error.code === INSUFFICIENT_FUNDS) {
        throw unprocessable('INSUFFICIENT_POINTS', 'The member does not have enough points', error.details);
      }
      throw error;
    }
    const balance = (await this.ledger.getAccount(tx, memberAccountId))!.available;
    await appendToOutbox(tx, ctx, [
      {
        type: POINTS_REDEEMED_V1,
        key: member.id,
        payload: {
          memberId: member.id,
          merchantId,
          storeId: ctx.storeId!,
          transferId,
          orderNo: data.orderNo,
          points: data.points,
          balanceAfter: balance,
          occurredAt: occurredAt.toISOString(),
        } satisfies PointsRedeemedV1,
      },
    ]);
    return { status: 201, body: { transferId, pointsRedeemed: data.points, pointsBalance: balance } };
  }
}
