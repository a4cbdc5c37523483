import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { newId, parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { setTemplateInput } from '../notifications-inputs';
import { NotificationTriggers } from '../notification-triggers';
import { TEMPLATE_COLUMNS, type TemplateView } from '../queries/notifications.queries';

export class SetNotificationTemplateCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/**
 * A merchant's text for one trigger (the core's or a loaded plugin's) on one channel; having one is
 * what turns the notification on. NOTIFICATION_TRIGGER_UNKNOWN (422) for a trigger nobody defined.
 */
@CommandHandler(SetNotificationTemplateCommand)
export class SetNotificationTemplateHandler implements ICommandHandler<SetNotificationTemplateCommand, TemplateView> {
  constructor(
    private readonly db: Db,
    private readonly triggers: NotificationTriggers,
  ) {}

  async execute({ ctx, input }: SetNotificationTemplateCommand): Promise<TemplateView> {
    const data = parseInput(setTemplateInput(this.triggers), input);
    this.triggers.get(data.trigger);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      const [row] = await tx.execute<TemplateView[]>(
        `insert into notifications.template (id, tenant_id, merchant_id, trigger, channel, body, updated_at, updated_by) values (?, ?, ?, ?, ?, ?, now(), ?)
         on conflict (merchant_id, trigger, channel) do update set body = excluded.body, updated_at = excluded.updated_at, updated_by = excluded.updated_by
         returning ${TEMPLATE_COLUMNS}`,
        [newId(), merchant.tenantId, merchant.id, data.trigger, data.channel, data.body, ctx.actorId],
      );
      return { ...row, updatedAt: new Date(row.updatedAt) };
    });
  }
}
