import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import type { RequestContext } from '@loyalty/shared';
import { requireRole } from '../../auth/access';
import { earnRuleHistories } from '../../contracts/merchant-directory';
import { AllianceSchema } from '../../domain/alliance.entity';
import { MerchantSchema } from '../../domain/merchant.entity';
import { PosApiKeySchema } from '../../domain/pos-api-key.entity';
import { StaffSchema } from '../../domain/staff.entity';
import { StoreSchema } from '../../domain/store.entity';

/**
 * Listings for the administration API. Row-level security decides what each actor sees: the
 * queries name no tenant, and an alliance operator, a merchant admin and a clerk get their share.
 */
export class ListAlliancesQuery {
  constructor(readonly ctx: RequestContext) {}
}
export class ListMerchantsQuery {
  constructor(readonly ctx: RequestContext) {}
}
export class ListStoresQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId?: string,
  ) {}
}
export class ListStaffQuery {
  constructor(readonly ctx: RequestContext) {}
}
export class ListPosApiKeysQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly storeId?: string,
  ) {}
}
/** One merchant, or null when it is not there for the actor (row-level security). */
export class GetMerchantQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string,
  ) {}
}

/** The earn rule histories of these merchants, oldest first, by merchant id (row-level security: a merchant not the actor's has none). */
export class ListEarnRuleVersionsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantIds: readonly string[],
  ) {}
}
export class GetStaffQuery {
  constructor(readonly ctx: RequestContext) {}
}

@QueryHandler(ListAlliancesQuery)
export class ListAlliancesHandler implements IQueryHandler<ListAlliancesQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: ListAlliancesQuery) {
    return this.db.asActor(ctx, (tx) => tx.find(AllianceSchema, {}, { orderBy: { createdAt: 'asc' } }));
  }
}

@QueryHandler(ListMerchantsQuery)
export class ListMerchantsHandler implements IQueryHandler<ListMerchantsQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: ListMerchantsQuery) {
    return this.db.asActor(ctx, (tx) => tx.find(MerchantSchema, {}, { orderBy: { createdAt: 'asc' } }));
  }
}

@QueryHandler(GetMerchantQuery)
export class GetMerchantHandler implements IQueryHandler<GetMerchantQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx, merchantId }: GetMerchantQuery) {
    return this.db.asActor(ctx, (tx) => tx.findOne(MerchantSchema, { id: merchantId }));
  }
}

@QueryHandler(ListEarnRuleVersionsQuery)
export class ListEarnRuleVersionsHandler implements IQueryHandler<ListEarnRuleVersionsQuery> {
  constructor(private readonly db: Db) {}
  async execute({ ctx, merchantIds }: ListEarnRuleVersionsQuery) {
    const histories = await this.db.asActor(ctx, (tx) => earnRuleHistories(tx, merchantIds));
    return new Map([...histories].map(([merchantId, versions]) => [merchantId, versions.map(({ effectiveFrom, settings }) => ({ effectiveFrom, ...settings }))]));
  }
}

@QueryHandler(ListStoresQuery)
export class ListStoresHandler implements IQueryHandler<ListStoresQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx, merchantId }: ListStoresQuery) {
    const where = merchantId ? { merchantId } : ctx.roles.includes('STORE_STAFF') && ctx.storeId ? { id: ctx.storeId } : {};
    return this.db.asActor(ctx, (tx) => tx.find(StoreSchema, where, { orderBy: { createdAt: 'asc' } }));
  }
}

@QueryHandler(ListStaffQuery)
export class ListStaffHandler implements IQueryHandler<ListStaffQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: ListStaffQuery) {
    return this.db.asActor(ctx, (tx) => tx.find(StaffSchema, {}, { orderBy: { createdAt: 'asc' } }));
  }
}

@QueryHandler(ListPosApiKeysQuery)
export class ListPosApiKeysHandler implements IQueryHandler<ListPosApiKeysQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx, storeId }: ListPosApiKeysQuery) {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    return this.db.asActor(ctx, (tx) => tx.find(PosApiKeySchema, storeId ? { storeId } : {}, { orderBy: { createdAt: 'asc' } }));
  }
}

@QueryHandler(GetStaffQuery)
export class GetStaffHandler implements IQueryHandler<GetStaffQuery> {
  constructor(private readonly db: Db) {}
  execute({ ctx }: GetStaffQuery) {
    return this.db.asSystem((tx) => tx.findOne(StaffSchema, { id: ctx.actorId }));
  }
}

