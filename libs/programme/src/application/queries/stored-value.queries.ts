import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { LedgerService, standardAccounts } from '@loyalty/ledger';
import { MemberDirectory, type MemberRef } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type StoredValuePlan, StoredValuePlanSchema } from '../../domain/stored-value-plan.entity';
import { type StoredValueBalances, StoredValueService } from '../stored-value.service';

export class GetStoredValuePlanQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string,
  ) {}
}

export class GetMemberStoredValueQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly member: MemberRef,
  ) {}
}

/** A member's stored value: principal and bonus balances, and bonus parts still to come. */
export interface MemberStoredValueView extends StoredValueBalances {
  memberId: string;
  bonusScheduled: { dueAt: Date; amountFen: number; orderNo: string }[];
}

@QueryHandler(GetStoredValuePlanQuery)
export class GetStoredValuePlanHandler implements IQueryHandler<GetStoredValuePlanQuery, StoredValuePlan | null> {
  constructor(private readonly db: Db) {}
  execute({ ctx, merchantId }: GetStoredValuePlanQuery) {
    return this.db.inTenant(ctx, (tx) => tx.findOne(StoredValuePlanSchema, { merchantId }));
  }
}

@QueryHandler(GetMemberStoredValueQuery)
export class GetMemberStoredValueHandler implements IQueryHandler<GetMemberStoredValueQuery, MemberStoredValueView> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
    private readonly ledger: LedgerService,
    private readonly storedValue: StoredValueService,
  ) {}

  execute({ ctx, member }: GetMemberStoredValueQuery): Promise<MemberStoredValueView> {
    return this.db.inTenant(ctx, async (tx) => {
      const { id: memberId } = await this.members.resolve(tx, member);
      const [principal, bonus] = await this.ledger.accountIdsFor(tx, [
        standardAccounts.memberStoredValue(ctx.tenantId!, memberId),
        standardAccounts.memberStoredValueBonus(ctx.tenantId!, memberId),
      ]);
      const scheduled = await tx.execute<{ dueAt: string; amountFen: number; orderNo: string }[]>(
        `select r.due_at as "dueAt", r.amount_fen as "amountFen", c.order_no as "orderNo"
         from stored_value_bonus_release r join stored_value_recharge c on c.id = r.recharge_id
         where r.member_id = ? and r.status = 'SCHEDULED' order by r.due_at`,
        [memberId],
      );
      return {
        memberId,
        ...(await this.storedValue.balances(tx, { principal, bonus })),
        bonusScheduled: scheduled.map((s) => ({ ...s, dueAt: new Date(s.dueAt) })),
      };
    });
  }
}
