import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { type Referral, ReferralSchema } from '../../domain/referral.entity';

export class ListReferralsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListReferralsQuery)
export class ListReferralsHandler implements IQueryHandler<ListReferralsQuery, { items: Referral[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, memberId, offset, limit }: ListReferralsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const where = { $or: [{ inviterMemberId: memberId }, { inviteeMemberId: memberId }] };
      const [items, total] = await tx.findAndCount(ReferralSchema, where, { orderBy: { createdAt: 'desc', id: 'asc' }, offset, limit });
      return { items, total };
    });
  }
}
