import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { type MemberCondition, MemberCriteria, type MemberCriterionKey } from '../../contracts/member-criteria';
import { type Member, MemberSchema } from '../../domain/member.entity';

export interface MemberFilter extends Partial<Record<MemberCriterionKey, string>> {
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

/** Members matching every filter given, newest first; tags, levels and RFM groups are asked of their contexts. */
@QueryHandler(ListMembersQuery)
export class ListMembersHandler implements IQueryHandler<ListMembersQuery, { items: Member[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly criteria: MemberCriteria,
  ) {}

  execute({ ctx, filter, offset, limit }: ListMembersQuery) {
    return this.db.asActor(ctx, async (tx) => {
      const set = <T>(sql: string, value: T | undefined): MemberCondition[] => (value === undefined || value === null || value === '' ? [] : [{ sql, params: [value] }]);
      const conditions = [
        ...set('phone like ?', filter.phone && `${escapeLike(filter.phone)}%`),
        ...set('name ilike ?', filter.name && `%${escapeLike(filter.name)}%`),
        ...set('registered_merchant_id = ?', filter.merchantId),
        ...set('registered_store_id = ?', filter.storeId),
        ...set('registered_at >= ?', filter.registeredFrom),
        ...set('registered_at < ?', filter.registeredTo),
        ...(await this.criteria.conditions(tx, ctx, filter, filter.merchantId)),
      ];
      const where = conditions.length ? `where ${conditions.map((c) => `(${c.sql})`).join(' and ')}` : '';
      const params = conditions.flatMap((c) => c.params);
      const page = await tx.execute<{ id: string }[]>(`select id from member ${where} order by registered_at desc, id desc offset ? limit ?`, [...params, offset, limit]);
      const [{ total }] = await tx.execute<{ total: string }[]>(`select count(*) as total from member ${where}`, params);
      const found = new Map((await tx.find(MemberSchema, { id: { $in: page.map((row) => row.id) } })).map((m) => [m.id, m]));
      return { items: page.map((row) => found.get(row.id)!), total: Number(total) };
    });
  }
}
