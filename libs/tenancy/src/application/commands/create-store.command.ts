import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { appendToOutbox, STORE_CREATED_V1, type StoreCreatedV1 } from '@loyalty/events';
import { newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { MerchantSchema } from '../../domain/merchant.entity';
import { type Store, StoreSchema } from '../../domain/store.entity';
import { requireRole } from '../../auth/access';
import { createStoreInput } from '../tenancy-inputs';

export class CreateStoreCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

@CommandHandler(CreateStoreCommand)
export class CreateStoreHandler implements ICommandHandler<CreateStoreCommand, Store> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: CreateStoreCommand): Promise<Store> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(createStoreInput, input);
    return this.db.asActor(ctx, async (tx) => {
      // Row-level security hides merchants outside the actor's scope, so this also authorises.
      const merchant = await tx.findOne(MerchantSchema, { id: data.merchantId });
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const store = tx.create(StoreSchema, {
        id: newId(),
        tenantId: merchant.tenantId,
        merchantId: merchant.id,
        name: data.name,
        kind: data.kind,
        createdAt: new Date(),
      });
      await tx.flush();
      await appendToOutbox(tx, { ...ctx, tenantId: merchant.tenantId }, [
        {
          type: STORE_CREATED_V1,
          key: merchant.id,
          payload: { storeId: store.id, merchantId: merchant.id, name: store.name, kind: store.kind, createdAt: store.createdAt.toISOString() } satisfies StoreCreatedV1,
        },
      ]);
      return store;
    });
  }
}
