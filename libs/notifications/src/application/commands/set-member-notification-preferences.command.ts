import { CommandHandler, type ICommandHandler } from '@nestjs/cqrs';
import { Db } from '@loyalty/database';
import { forbidden, notFound, parseInput, type RequestContext } from '@loyalty/shared';
import { setPreferencesInput } from '../notifications-inputs';
import { loadPreferences, type MemberPreferencesView } from '../queries/notifications.queries';

export class SetMemberNotificationPreferencesCommand {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A member's e-mail address for notifications and the channels they opted out of (退订), as staff record them. */
@CommandHandler(SetMemberNotificationPreferencesCommand)
export class SetMemberNotificationPreferencesHandler implements ICommandHandler<SetMemberNotificationPreferencesCommand, MemberPreferencesView> {
  constructor(private readonly db: Db) {}

  async execute({ ctx, input }: SetMemberNotificationPreferencesCommand): Promise<MemberPreferencesView> {
    if (ctx.roles.includes('POS') || !ctx.tenantId) throw forbidden("A tenant's staff record members' preferences");
    const data = parseInput(setPreferencesInput, input);
    return this.db.inTenant(ctx, async (tx) => {
      const updated = await tx.execute<{ tenantId: string }[]>('update notifications.member_contact set email = ? where member_id = ? returning tenant_id as "tenantId"', [
        data.email ?? null,
        data.memberId,
      ]);
      if (updated.length === 0) throw notFound('MEMBER_NOT_FOUND', 'No such member');
      await tx.execute('delete from notifications.opt_out where member_id = ? and channel <> all(?::text[])', [data.memberId, `{${data.optOut.join(',')}}`]);
      for (const channel of data.optOut) {
        await tx.execute('insert into notifications.opt_out (member_id, channel, tenant_id, created_at) values (?, ?, ?, now()) on conflict do nothing', [
          data.memberId,
          channel,
          updated[0].tenantId,
        ]);
      }
      return loadPreferences(tx, data.memberId);
    });
  }
}
