import { type IQueryHandler, QueryHandler } from '@nestjs/cqrs';
import { Db, type Tx } from '@loyalty/database';
import { parseInput, type RequestContext } from '@loyalty/shared';
import { resolveMerchant } from '../notifications-access';
import { listMessagesInput } from '../notifications-inputs';
import { NotificationTriggers } from '../notification-triggers';
import type { TriggerDefinition } from '../../domain/notification';

export interface TemplateView {
  id: string;
  merchantId: string;
  trigger: string;
  channel: string;
  body: string;
  updatedAt: Date;
}
export const TEMPLATE_COLUMNS = `id, merchant_id as "merchantId", trigger, channel, body, updated_at as "updatedAt"`;

export interface NotificationSettingsView {
  merchantId: string;
  timeZone: string;
  quietHoursStart: string | null;
  quietHoursEnd: string | null;
  webhookUrl: string | null;
  /** Whether a secret is set; the secret itself is never shown again. */
  webhookSigned: boolean;
  expiryReminderDays: number;
  staffEmail: string | null;
}

export const clockOf = (minute: number | null) => (minute === null ? null : `${String(Math.floor(minute / 60)).padStart(2, '0')}:${String(minute % 60).padStart(2, '0')}`);

export async function loadSettings(tx: Tx, merchantId: string): Promise<NotificationSettingsView> {
  const [row] = await tx.execute<{ timeZone: string; qs: number | null; qe: number | null; webhookUrl: string | null; signed: boolean; days: number; staffEmail: string | null }[]>(
    `select time_zone as "timeZone", quiet_start_minute as qs, quiet_end_minute as qe, webhook_url as "webhookUrl", webhook_secret is not null as signed,
            expiry_reminder_days as days, staff_email as "staffEmail" from notifications.merchant where id = ?`,
    [merchantId],
  );
  return {
    merchantId,
    timeZone: row.timeZone,
    quietHoursStart: clockOf(row.qs),
    quietHoursEnd: clockOf(row.qe),
    webhookUrl: row.webhookUrl,
    webhookSigned: row.signed,
    expiryReminderDays: row.days,
    staffEmail: row.staffEmail,
  };
}

export interface MemberPreferencesView {
  memberId: string;
  phone: string | null;
  email: string | null;
  optOut: string[];
}

export async function loadPreferences(tx: Tx, memberId: string): Promise<MemberPreferencesView> {
  const [row] = await tx.execute<MemberPreferencesView[]>(
    `select c.member_id as "memberId", c.phone, c.email, coalesce(array_agg(o.channel order by o.channel) filter (where o.channel is not null), '{}') as "optOut"
     from notifications.member_contact c left join notifications.opt_out o on o.member_id = c.member_id where c.member_id = ? group by c.member_id`,
    [memberId],
  );
  return row;
}

export class GetNotificationSettingsQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly merchantId: string | null | undefined,
  ) {}
}

@QueryHandler(GetNotificationSettingsQuery)
export class GetNotificationSettingsHandler implements IQueryHandler<GetNotificationSettingsQuery, { settings: NotificationSettingsView; templates: TemplateView[] }> {
  constructor(private readonly db: Db) {}

  execute({ ctx, merchantId }: GetNotificationSettingsQuery) {
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, merchantId);
      const templates = await tx.execute<TemplateView[]>(`select ${TEMPLATE_COLUMNS} from notifications.template where merchant_id = ? order by trigger, channel`, [merchant.id]);
      return { settings: await loadSettings(tx, merchant.id), templates: templates.map((t) => ({ ...t, updatedAt: new Date(t.updatedAt) })) };
    });
  }
}

export interface MessageView {
  id: string;
  memberId: string | null;
  trigger: string;
  channel: string;
  recipient: string | null;
  body: string;
  status: string;
  skipReason: string | null;
  attempts: number;
  notBefore: Date;
  lastError: string | null;
  createdAt: Date;
  sentAt: Date | null;
}

export class ListNotificationMessagesQuery {
  constructor(
    readonly ctx: RequestContext,
    readonly input: unknown,
  ) {}
}

/** A merchant's messages, newest first: what was sent, held, skipped or given up, and why. */
@QueryHandler(ListNotificationMessagesQuery)
export class ListNotificationMessagesHandler implements IQueryHandler<ListNotificationMessagesQuery, MessageView[]> {
  constructor(private readonly db: Db) {}

  execute({ ctx, input }: ListNotificationMessagesQuery): Promise<MessageView[]> {
    const data = parseInput(listMessagesInput, input);
    return this.db.asActor(ctx, async (tx) => {
      const merchant = await resolveMerchant(tx, ctx, data.merchantId);
      const rows = await tx.execute<MessageView[]>(
        `select id, member_id as "memberId", trigger, channel, recipient, body, status, skip_reason as "skipReason", attempts, not_before as "notBefore",
                last_error as "lastError", created_at as "createdAt", sent_at as "sentAt"
         from notifications.message where merchant_id = ? and (?::uuid is null or member_id = ?) and (?::text is null or status = ?)
         order by created_at desc, id offset ? limit ?`,
        [merchant.id, data.memberId ?? null, data.memberId ?? null, data.status ?? null, data.status ?? null, data.offset, data.limit],
      );
      return rows.map((row) => ({ ...row, notBefore: new Date(row.notBefore), createdAt: new Date(row.createdAt), sentAt: row.sentAt ? new Date(row.sentAt) : null }));
    });
  }
}

export class ListNotificationTriggersQuery {}

/** The triggers templates may name: the core's and the loaded plugins', with their audience, subject and variables. */
@QueryHandler(ListNotificationTriggersQuery)
export class ListNotificationTriggersHandler implements IQueryHandler<ListNotificationTriggersQuery, TriggerDefinition[]> {
  constructor(private readonly triggers: NotificationTriggers) {}

  async execute(): Promise<TriggerDefinition[]> {
    return this.triggers.all();
  }
}
