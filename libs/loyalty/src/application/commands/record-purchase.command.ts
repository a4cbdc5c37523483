import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { appendToOutbox, POINTS_EARNED_V1, type PointsEarnedV1 } from '@loyalty/events';
import { LedgerService, standardAccounts, TRANSFER_KINDS } from '@loyalty/ledger';
import { MemberDirectory } from '@loyalty/members';
import { conflict, derivedId, newId, type RequestContext } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { PosWriteCommand, PosWriteHandler } from '../pos-write.handler';
import { expiryFor, pointsFor } from '../earn-rule';
import { type RecordPurchaseInput, recordPurchaseInput } from '../pos-inputs';
import { settlePointsDebt } from '../points-debt';

export class RecordPurchaseCommand extends PosWriteCommand {}

export interface PurchaseResult {
  purchaseId: string;
  transferId: string | null;
  pointsEarned: number;
  /** Of the points earned, how many paid off points the member owed from an earlier refund. */
  pointsAppliedToDebt: number;
  pointsBalance: number;
  expiresAt: string | null;
}

/** A paid order: records it and earns points by the merchant's earn rule. */
@CommandHandler(RecordPurchaseCommand)
export class RecordPurchaseHandler extends PosWriteHandler<typeof recordPurchaseInput, PurchaseResult> {
  protected readonly endpoint = 'POST /api/pos/v1/purchases';
  protected readonly schema = recordPurchaseInput;

  constructor(
    batcher: WriteBatcher,
    private readonly ledger: LedgerService,
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RecordPurchaseInput, idempotencyKey: string): Promise<WriteOutcome<PurchaseResult>> {
    const tenantId = ctx.tenantId!;
    const merchantId = ctx.merchantId!;
    const member = await this.members.resolve(tx, data);
    const merchant = await this.merchants.get(tx, merchantId);
    const occurredAt = data.occurredAt ? new Date(data.occurredAt) : new Date();
    const points = pointsFor(data.amountFen, merchant.settings);
    const transferId = points > 0 ? derivedId(ctx.storeId!, idempotencyKey, 'earn') : null;
    const purchaseId = newId();

    const inserted = await tx.execute<{ id: string }[]>(
      `insert into purchase (id, tenant_id, merchant_id, store_id, member_id, order_no, amount_fen, points_earned, lines, earn_transfer_id, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) on conflict (store_id, order_no) do nothing returning id`,
      [purchaseId, tenantId, merchantId, ctx.storeId, member.id, data.orderNo, data.amountFen, points, data.lines ? JSON.stringify(data.lines) : null, transferId, occurredAt],
    );
    if (inserted.length === 0) throw conflict('DUPLICATE_ORDER', `Order ${data.orderNo} was already recorded at this store`);

    const memberAccountId = await this.ledger.accountIdFor(tx, standardAccounts.memberPoints(tenantId, member.id));
    let expiresAt: Date | null = null;
    let pointsAppliedToDebt = 0;
    if (transferId) {
      expiresAt = expiryFor(occurredAt, merchant.settings);
      await this.ledger.createTransfer(tx, ctx, {
        id: transferId,
        debitAccountId: await this.ledger.accountIdFor(tx, standardAccounts.merchantIssuance(tenantId, merchantId)),
        creditAccountId: memberAccountId,
        amount: points,
        kind: TRANSFER_KINDS.EARN,
        merchantId,
        storeId: ctx.storeId,
        memberId: member.id,
        reference: data.orderNo,
        occurredAt,
        lotExpiresAt: expiresAt,
      });
      pointsAppliedToDebt = await settlePointsDebt(this.ledger, tx, ctx, member.id, transferId);
    }
    const balance = (await this.ledger.getAccount(tx, memberAccountId))!.available;
    if (transferId) {
      await appendToOutbox(tx, ctx, [
        {
          type: POINTS_EARNED_V1,
          key: member.id,
          occurredAt,
          payload: {
            memberId: member.id,
            merchantId,
            storeId: ctx.storeId!,
            transferId,
            orderNo: data.orderNo,
            amountFen: data.amountFen,
            points,
            expiresAt: expiresAt?.toISOString() ?? null,
            balanceAfter: balance,
            occurredAt: occurredAt.toISOString(),
          } satisfies PointsEarnedV1,
        },
      ]);
    }
    return {
      status: 201,
      body: { purchaseId, transferId, pointsEarned: points, pointsAppliedToDebt, pointsBalance: balance, expiresAt: expiresAt?.toISOString() ?? null },
    };
  }
}
