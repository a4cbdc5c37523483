import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { type PosApiKey, PosApiKeySchema } from '../../domain/pos-api-key.entity';
import { StoreSchema } from '../../domain/store.entity';
import { requireRole } from '../../auth/access';
import { generatePosApiKey } from '../../auth/pos-api-keys';
import { issuePosApiKeyInput } from '../tenancy-inputs';

export class IssuePosApiKeyCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Creates a store's POS key. The full key is in this result only; the database keeps its hash. */
@CommandHandler(IssuePosApiKeyCommand)
export class IssuePosApiKeyHandler implements ICommandHandler<IssuePosApiKeyCommand, { key: string; apiKey: PosApiKey }> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: IssuePosApiKeyCommand) {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(issuePosApiKeyInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const store = await tx.findOne(StoreSchema, { id: data.storeId });
      if (!store) throw notFound('STORE_NOT_FOUND', 'No such store');
      const { key, prefix, secretHash } = generatePosApiKey();
      const apiKey = tx.create(PosApiKeySchema, {
        id: newId(),
        tenantId: store.tenantId,
        merchantId: store.merchantId,
        storeId: store.id,
        name: data.name,
        prefix,
        secretHash,
        createdAt: new Date(),
        revokedAt: null,
      });
      await tx.flush();
      return { key, apiKey };
    });
  }
}
