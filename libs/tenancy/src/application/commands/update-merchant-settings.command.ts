import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { type Merchant, MerchantSchema } from '../../domain/merchant.entity';
import { merchantSettingsSchema } from '../../domain/merchant-settings';
import { requireRole } from '../../auth/access';
import { MerchantDirectory } from '../../contracts/merchant-directory';
import { updateMerchantSettingsInput } from '../tenancy-inputs';

export class UpdateMerchantSettingsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

@CommandHandler(UpdateMerchantSettingsCommand)
export class UpdateMerchantSettingsHandler implements ICommandHandler<UpdateMerchantSettingsCommand, Merchant> {
  constructor(
    private readonly db: Db,
    private readonly directory: MerchantDirectory,
  ) {}

  async execute({ ctx, input }: UpdateMerchantSettingsCommand): Promise<Merchant> {
    requireRole(ctx, 'PLATFORM_ADMIN', 'ALLIANCE_OPERATOR', 'MERCHANT_ADMIN');
    const data = parseInput(updateMerchantSettingsInput, input);
    if (ctx.merchantId && ctx.merchantId !== data.merchantId) throw forbidden('Merchant admins change their own merchant only');
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await tx.findOne(MerchantSchema, { id: data.merchantId });
      if (!merchant) throw notFound('MERCHANT_NOT_FOUND', 'No such merchant');
      const current = merchantSettingsSchema.parse(merchant.settings);
      merchant.settings = merchantSettingsSchema.parse({
        ...current,
        ...data.settings,
        earnRule: { ...current.earnRule, ...data.settings.earnRule },
      });
      await tx.flush();
      return merchant;
    }).finally(() => this.directory.forget(data.merchantId));
  }
}
