import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { LedgerService } from '@loyalty/ledger';
import { MemberDirectory, type MemberRef } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class GetMemberStoredValueQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly member: MemberRef,
  ) {}
}

export class ListStoredValueTransactionsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

/** 储值明细: one movement of a member's stored value, principal or bonus. */
export interface StoredValueTransaction {
  transferId: string;
  merchantId: string | null;
  storeId: string | null;
  /** SV_RECHARGE, SV_BONUS, SV_PAYMENT, SV_PAYMENT_REFUND, SV_RECHARGE_REFUND, SV_BONUS_FORFEIT. */
  kind: string;
  part: 'PRINCIPAL' | 'BONUS';
  /** 分 in (positive) or out (negative). */
  changeFen: number;
  /** The order it belongs to. */
  reference: string | null;
  occurredAt: Date;
}

/** A member's stored value: principal and bonus balances, and bonus parts still to come. */
export interface MemberStoredValueView extends StoredValueBalances {
  memberId: string;
  bonusScheduled: { dueAt: Date; amountFen: number; orderNo: string }[];
}

/** A member's stored-value movements, latest first, each part (principal, bonus) on its own. */
@QueryHandler(ListStoredValueTransactionsQuery)
export class ListStoredValueTransactionsHandler implements IQueryHandler<ListStoredValueTransactionsQuery, { items: StoredValueTransaction[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly ledger: LedgerService,
    private readonly storedValue: StoredValueService,
  ) {}

  execute({ ctx, memberId, offset, limit }: ListStoredValueTransactionsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      const { principal, bonus } = await this.storedValue.memberAccounts(tx, ctx.tenantId!, memberId);
      const { items, total } = await this.ledger.transfersOf(tx, [principal, bonus], { offset, limit });
      return {
        total,
        items: items.map((t) => {
          const account = [principal, bonus].find((id) => id === t.creditAccountId || id === t.debitAccountId)!;
          return {
            transferId: t.id,
            merchantId: t.merchantId,
            storeId: t.storeId,
            kind: t.kind,
            part: account === principal ? ('PRINCIPAL' as const) : ('BONUS' as const),
            changeFen: t.creditAccountId === account ? t.amount : -t.amount,
            reference: t.reference,
            occurredAt: t.occurredAt,
          };
        }),
      };
    });
  }
}

@QueryHandler(GetMemberStoredValueQuery)
export class GetMemberStoredValueHandler implements IQueryHandler<GetMemberStoredValueQuery, MemberStoredValueView> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly storedValue: StoredValueService,
  ) {}

  execute({ ctx, member }: GetMemberStoredValueQuery): Promise<MemberStoredValueView> {
    return this.db.inTenant(ctx, async (tx) => {
      const { id: memberId } = await this.members.resolve(tx, member);
      const accounts = await this.storedValue.memberAccounts(tx, ctx.tenantId!, memberId);
      const scheduled = await tx.execute<{ dueAt: string; amountFen: number; orderNo: string }[]>(
        `select r.due_at as "dueAt", r.amount_fen as "amountFen", c.order_no as "orderNo"
         from stored_value_bonus_release r join stored_value_recharge c on c.id = r.recharge_id
         where r.member_id = ? and r.status = 'SCHEDULED' order by r.due_at`,
        [memberId],
      );
      return {
        memberId,
        ...(await this.storedValue.balances(tx, accounts)),
        bonusScheduled: scheduled.map((s) => ({ ...s, dueAt: new Date(s.dueAt) })),
      };
    });
  }
}
