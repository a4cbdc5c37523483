import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { deleteTemplateInput } from '../notifications-inputs';

export class DeleteNotificationTemplateCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** Turns a trigger off on a channel for the merchant. */
@CommandHandler(DeleteNotificationTemplateCommand)
export class DeleteNotificationTemplateHandler implements ICommandHandler<DeleteNotificationTemplateCommand, boolean> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: DeleteNotificationTemplateCommand): Promise<boolean> {
    const data = parseInput(deleteTemplateInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      const deleted = await tx.execute<{ id: string }[]>('delete from notifications.template where merchant_id = ? and trigger = ? and channel = ? returning id', [
        merchant.id,
        data.trigger,
        data.channel,
      ]);
      if (deleted.length === 0) throw notFound('TEMPLATE_NOT_FOUND', 'No template for this trigger and channel');
      return true;
    });
  }
}
