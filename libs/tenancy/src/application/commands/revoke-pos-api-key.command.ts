import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext, uuidSchema } from '@loyalty/shared';
import { type PosApiKey, PosApiKeySchema } from '../../domain/pos-api-key.entity';
import { requireRole } from '../../auth/access';
import { PosAuthenticator } from '../../auth/pos-authenticator';

export class RevokePosApiKeyCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly id: string,
  ) {}
}

@CommandHandler(RevokePosApiKeyCommand)
export class RevokePosApiKeyHandler implements ICommandHandler<RevokePosApiKeyCommand, PosApiKey> {
  constructor(
    private readonly db: Db,
    private readonly authenticator: PosAuthenticator,
  ) {}

  async execute({ ctx, id }: RevokePosApiKeyCommand): Promise<PosApiKey> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const keyId = parseInput(uuidSchema, id);
    const apiKey = await this.db.asActor(ctx, async (tx) => {
      const row = await tx.findOne(PosApiKeySchema, { id: keyId });
      if (!row) throw notFound('POS_API_KEY_NOT_FOUND', 'No such POS API key');
      row.revokedAt ??= new Date();
      await tx.flush();
      return row;
    });
    this.authenticator.forget(apiKey.prefix);
    return apiKey;
  }
}
