import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { MemberDirectory } from '@loyalty/members';
import type { RequestContext } from '@loyalty/shared';
import { type Coupon, CouponSchema } from '../../domain/coupon.entity';
import { type CouponRule, CouponRuleSchema } from '../../domain/coupon-rule.entity';
import type { CouponStatus } from '../../domain/coupon-rules';
import { type CouponTemplate, CouponTemplateSchema } from '../../domain/coupon-template.entity';

export class ListCouponTemplatesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListMemberCouponsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly memberId: string,
    readonly filter: { status?: CouponStatus; usableAt?: Date },
    readonly offset: number,
    readonly limit: number,
  ) {}
}

export class ListCouponRulesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly offset: number,
    readonly limit: number,
  ) {}
}

@QueryHandler(ListCouponRulesQuery)
export class ListCouponRulesHandler implements IQueryHandler<ListCouponRulesQuery, { items: CouponRule[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListCouponRulesQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(CouponRuleSchema, {}, { orderBy: { createdAt: 'asc', id: 'asc' }, offset, limit });
      return { items, total };
    });
  }
}

@QueryHandler(ListCouponTemplatesQuery)
export class ListCouponTemplatesHandler implements IQueryHandler<ListCouponTemplatesQuery, { items: CouponTemplate[]; total: number }> {
  constructor(private readonly db: Db) {}
  execute({ ctx, offset, limit }: ListCouponTemplatesQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      const [items, total] = await tx.findAndCount(CouponTemplateSchema, {}, { orderBy: { createdAt: 'desc', id: 'desc' }, offset, limit });
      return { items, total };
    });
  }
}

/** A member's coupons at this merchant (all the tenant's merchants for an alliance operator), newest first. */
@QueryHandler(ListMemberCouponsQuery)
export class ListMemberCouponsHandler implements IQueryHandler<ListMemberCouponsQuery, { items: Coupon[]; total: number }> {
  constructor(
    private readonly db: Db,
    private readonly members: MemberDirectory,
  ) {}
  execute({ ctx, memberId, filter, offset, limit }: ListMemberCouponsQuery) {
    return this.db.inTenant(ctx, async (tx) => {
      await this.members.resolve(tx, { memberId });
      const usable = filter.usableAt ? { status: 'ISSUED' as const, validFrom: { $lte: filter.usableAt }, validUntil: { $gt: filter.usableAt } } : {};
      const [items, total] = await tx.findAndCount(
        CouponSchema,
        { memberId, ...(filter.status ? { status: filter.status } : {}), ...usable },
        { orderBy: { issuedAt: 'desc', id: 'desc' }, offset, limit },
      );
      return { items, total };
    });
  }
}
