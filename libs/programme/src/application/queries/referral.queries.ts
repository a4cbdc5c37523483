import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { type Referral, ReferralSchema } from '../../domain/referral.entity';

export class ListReferralsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
  ) {}
}

@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery, Referral[]> {
  constructor(private readonly db: Db) {}
  execute({ ctx, memberId }: ListReferralsQuery) {
    return this.db.inTenant(ctx, (tx) =>
      tx.find(ReferralSchema, { $or: [{ inviterMemberId: memberId }, { inviteeMemberId: memberId }] }, { orderBy: { createdAt: 'desc', id: 'asc' }, limit: 200 }),
    );
  }
}
