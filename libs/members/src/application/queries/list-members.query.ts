import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { type Member, MemberSchema } from '../../domain/member.entity';

export interface MemberFilter {
  /** Matches the start of the phone number. */
  phone?: string;
  /** Matches anywhere in the name, case-insensitively. */
  name?: string;
  registeredFrom?: Date;
  registeredTo?: Date;
  merchantId?: string;
  storeId?: string;
}

export class ListMembersQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly filter: MemberFilter,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

const escapeLike = (value: string) => value.replace(/[\\%_]/g, (c) => `\\${c}`);

@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, { items: Member[]; total: number }> {
  constructor(private readonly db: Db) {}

  execute({ ctx, filter, offset, limit }: ListMembersQuery) {
    const where: Record<string, unknown> = {};
    if (filter.phone) where.phone = { $like: `${escapeLike(filter.phone)}%` };
    if (filter.name) where.name = { $ilike: `%${escapeLike(filter.name)}%` };
    if (filter.merchantId) where.registeredMerchantId = filter.merchantId;
    if (filter.storeId) where.registeredStoreId = filter.storeId;
    if (filter.registeredFrom || filter.registeredTo) {
      where.registeredAt = { ...(filter.registeredFrom && { $gte: filter.registeredFrom }), ...(filter.registeredTo && { $lt: filter.registeredTo }) };
    }
    return this.db.asActor(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(MemberSchema, where, { orderBy: { registeredAt: 'desc', id: 'desc' }, offset, limit });
      return { items, total };
    });
  }
}
