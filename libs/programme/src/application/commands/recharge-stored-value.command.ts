import { CommandHandler } from '@nestjs/cqrs';
import { type Tx, unnestRows, WriteBatcher, type WriteOutcome } from '@loyalty/database';
import { TRANSFER_KINDS } from '@loyalty/ledger';
import { PosWriteCommand, PosWriteEachInSavepoint } from '@loyalty/loyalty';
import { MemberDirectory } from '@loyalty/members';
import { addMonthsInZone, derivedId, newId, type RequestContext } from '@loyalty/shared';
import { MerchantDirectory } from '@loyalty/tenancy';
import { bonusTierFor, monthlyParts } from '../../domain/stored-value-rules';
import { type RechargeInput, rechargeInput } from '../programme-inputs';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class RechargeStoredValueCommand extends PosWriteCommand {}

export interface RechargeResult extends StoredValueBalances {
  rechargeId: string;
  principalFen: number;
  bonusFen: number;
  bonusReleasedFen: number;
  bonusScheduled: { dueAt: string; amountFen: number }[];
}

/**
 * 充值: money paid into the member's stored value (principal), with the bonus of the merchant's
 * tier (充值赠送) kept apart: released at once, or in monthly parts (按月返还), the first now.
 */
@CommandHandler(RechargeStoredValueCommand)
export class RechargeStoredValueHandler extends PosWriteEachInSavepoint<typeof rechargeInput, RechargeResult> {
  protected readonly endpoint = 'POST /api/pos/v1/stored-value/recharges';
  protected readonly schema = rechargeInput;

  constructor(
    batcher: WriteBatcher,
    private readonly members: MemberDirectory,
    private readonly merchants: MerchantDirectory,
    private readonly storedValue: StoredValueService,
  ) {
    super(batcher);
  }

  protected async apply(tx: Tx, ctx: RequestContext, data: RechargeInput, idempotencyKey: string): Promise<WriteOutcome<RechargeResult>> {
    const member = await this.members.resolve(tx, data);
    const plan = await this.storedValue.plan(tx, ctx.merchantId!);
    const tier = bonusTierFor(plan?.bonusTiers ?? [], data.amountFen);
    const bonusFen = tier?.bonusFen ?? 0;
    const now = new Date();
    const rechargeId = newId();
    await this.storedValue.insertOrder(
      tx,
      `insert into stored_value_recharge (id, tenant_id, merchant_id, store_id, member_id, order_no, principal_fen, bonus_fen, occurred_at)
       values (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      [rechargeId, ctx.tenantId, ctx.merchantId, ctx.storeId, member.id, data.orderNo, data.amountFen, bonusFen, now],
      data.orderNo,
    );
    const { timezone } = await this.merchants.get(tx, ctx.merchantId!);
    const parts = (tier?.release === 'MONTHLY' ? monthlyParts(bonusFen, tier.months!) : [bonusFen])
      .map((amountFen, month) => ({ amountFen, dueAt: addMonthsInZone(now, month, timezone), transferId: derivedId(rechargeId, 'bonus', String(month)), now: month === 0 }))
      .filter((part) => part.amountFen > 0);
    if (parts.length > 0) {
      const rows = unnestRows(
        parts.map((part) => [newId(), ctx.tenantId, ctx.merchantId, ctx.storeId, rechargeId, member.id, part.amountFen, part.dueAt, part.now ? 'RELEASED' : 'SCHEDULED', part.transferId, part.now ? now : null]),
        ['uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'uuid', 'int8', 'timestamptz', 'text', 'uuid', 'timestamptz'],
      );
      await tx.execute(
        `insert into stored_value_bonus_release (id, tenant_id, merchant_id, store_id, recharge_id, member_id, amount_fen, due_at, status, transfer_id, released_at)
         select * from (${rows.sql}) as v`,
        rows.params,
      );
    }
    const accounts = await this.storedValue.accounts(tx, ctx, member.id);
    const common = { merchantId: ctx.merchantId, storeId: ctx.storeId, memberId: member.id, reference: data.orderNo, occurredAt: now };
    const released = parts.filter((part) => part.now);
    const releasedFen = released.reduce((sum, part) => sum + part.amountFen, 0);
    await this.storedValue.transfer(tx, ctx, [
      { ...common, id: derivedId(ctx.storeId!, idempotencyKey, 'sv-recharge'), debitAccountId: accounts.issuance, creditAccountId: accounts.principal, amount: data.amountFen, kind: TRANSFER_KINDS.SV_RECHARGE },
      ...released.map((part) => ({ ...common, id: part.transferId, debitAccountId: accounts.bonusIssuance, creditAccountId: accounts.bonus, amount: part.amountFen, kind: TRANSFER_KINDS.SV_BONUS })),
    ]);
    return {
      status: 201,
      body: {
        rechargeId,
        principalFen: data.amountFen,
        bonusFen,
        bonusReleasedFen: releasedFen,
        bonusScheduled: parts.filter((part) => !part.now).map((part) => ({ dueAt: part.dueAt.toISOString(), amountFen: part.amountFen })),
        ...(await this.storedValue.changed(tx, ctx, accounts, {
          memberId: member.id,
          kind: 'recharge',
          orderNo: data.orderNo,
          principalDeltaFen: data.amountFen,
          bonusDeltaFen: releasedFen,
        })),
      },
    };
  }
}
