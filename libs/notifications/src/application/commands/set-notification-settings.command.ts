import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { minuteOf, setSettingsInput } from '../notifications-inputs';
import { loadSettings, type NotificationSettingsView } from '../queries/notifications.queries';

export class SetNotificationSettingsCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's quiet hours (免打扰), webhook endpoint and secret, how early points expiry is reminded of, and its staff's e-mail. */
@CommandHandler(SetNotificationSettingsCommand)
export class SetNotificationSettingsHandler implements ICommandHandler<SetNotificationSettingsCommand, NotificationSettingsView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetNotificationSettingsCommand): Promise<NotificationSettingsView> {
    const data = parseInput(setSettingsInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      await tx.execute(
        `update notifications.merchant set quiet_start_minute = ?, quiet_end_minute = ?, webhook_url = ?, webhook_secret = ?, expiry_reminder_days = ?, staff_email = ? where id = ?`,
        [
          data.quietHoursStart ? minuteOf(data.quietHoursStart) : null,
          data.quietHoursEnd ? minuteOf(data.quietHoursEnd) : null,
          data.webhookUrl ?? null,
          data.webhookSecret ?? null,
          data.expiryReminderDays,
          data.staffEmail ?? null,
          merchant.id,
        ],
      );
      return loadSettings(tx, merchant.id);
    });
  }
}
