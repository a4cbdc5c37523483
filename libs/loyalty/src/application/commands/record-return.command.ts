import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, POINTS_REVERSED_V1, type PointsReversedV1 } from '@loyalty/events';
import { LedgerService, TRANSFER_KINDS } from '@loyalty/ledger';
import { MemberDirectory } from '@loyalty/members';
import { newId, type RequestContext } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { PosWriteCommand, PosWriteEachInSavepoint } from '../pos-write.handler';
import { clawBackPoints } from '../claw-back';
import { pointsFor } from '../earn-rule';
import { type RecordReturnInput, recordReturnInput } from '../pos-inputs';

export class RecordReturnCommand extends PosWriteCommand {}

export interface ReturnResult {
  returnId: string;
  pointsClawedBack: number;
  pointsBalance: number;
}

/**
 * Goods returned without their original order: takes back the points that amount would have
 * earned under today's earn rule, but never more than the member holds.
 */
@CommandHandler(RecordReturnCommand)
export class RecordReturnHandler extends PosWriteEachInSavepoint<typeof recordReturnInput, ReturnResult> {
  protected readonly endpoint = 'POST /api/pos/v1/returns';
  protected readonly schema = recordReturnInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RecordReturnInput, idempotencyKey: string): Promise<WriteOutcome<ReturnResult>> {
    const member = await this.members.resolve(tx, data);
    const merchant = await this.merchants.get(tx, ctx.merchantId!);
    const occurredAt = data.occurredAt ? new Date(data.occurredAt) : new Date();
    const returnId = newId();
    const result = await clawBackPoints(this.ledger, tx, ctx, {
      memberId: member.id,
      points: pointsFor(data.amountFen, merchant.settings),
      operationId: returnId,
      kind: TRANSFER_KINDS.CLAWBACK,
      reference: null,
      bookDebt: false,
      occurredAt,
    });
    await tx.execute(
      `insert into purchase_return (id, tenant_id, merchant_id, store_id, member_id, amount_fen, points_clawed_back, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?)`,
      [returnId, ctx.tenantId, ctx.merchantId, ctx.storeId, member.id, data.amountFen, result.clawedBack, occurredAt],
    );
    await appendToOutbox(tx, ctx, [
      {
        type: POINTS_REVERSED_V1,
        key: member.id,
        occurredAt,
        payload: {
          memberId: member.id,
          merchantId: ctx.merchantId!,
          storeId: ctx.storeId!,
          reason: 'return',
          orderNo: null,
          amountFen: data.amountFen,
          pointsClawedBack: result.clawedBack,
          pointsOwed: 0,
          balanceAfter: result.balance,
          occurredAt: occurredAt.toISOString(),
          originalOccurredAt: null,
        } satisfies PointsReversedV1,
      },
    ]);
    return { status: 201, body: { returnId, pointsClawedBack: result.clawedBack, pointsBalance: result.balance } };
  }
}
