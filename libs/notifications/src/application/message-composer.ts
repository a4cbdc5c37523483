import { Injectable } from '@nestjs/common';
import { encodeBinaryArray, type Tx, unnestRows } from '@loyalty/database';
import { newId } from '@loyalty/shared';
import { type Channel, render, RESPECTS_QUIET_HOURS, type Trigger } from '../domain/notification';
import { deliverableAt, type QuietHours } from '../domain/quiet-hours';
import type { Attachment } from './channels/notification-channel';
import { NotificationTriggers } from './notification-triggers';

/** Something that happened that a merchant may tell a member (or its own system) about. */
export interface Occasion {
  /** Unique per occasion (the event id, or the lot reminded of): a message per channel, once. */
  source: string;
  tenantId: string;
  merchantId: string;
  /** Null for what concerns the merchant alone (a daily report). */
  memberId: string | null;
  trigger: Trigger;
  values: Record<string, string | number>;
  /** When it may be delivered at the earliest: now, or later for a reminder (quiet hours may hold it longer). */
  at: Date;
  /** A staff occasion of one store: by e-mail to the store's report address only, instead of the merchant's staff e-mail. */
  store?: { name: string; reportEmail: string };
  /** A file an e-mail carries (a report's CSV). */
  attachment?: Attachment;
}


interface TemplateRow {
  merchantId: string;
  trigger: Trigger;
  channel: Channel;
  body: string;
}

interface MerchantRow {
  id: string;
  name: string;
  timeZone: string;
  quietStart: number | null;
  quietEnd: number | null;
  webhookUrl: string | null;
  staffEmail: string | null;
}

/**
 * Turns occasions into messages by the merchants' templates, one per template channel: addressed
 * (a member's phone or e-mail, or for staff alerts the merchant's staff e-mail; the merchant's
 * webhook), held until quiet hours end (messages to members), or recorded as skipped when the
 * member opted out of the channel or there is no address for it. Set-based: a few
 * statements per batch of occasions, in the caller's transaction.
 */
@Injectable()
export class MessageComposer {
  constructor(private readonly triggers: NotificationTriggers) {}

  async compose(tx: Tx, occasions: Occasion[]): Promise<number> {
    if (occasions.length === 0) return 0;
    const merchantIds = [...new Set(occasions.map((o) => o.merchantId))];
    const memberIds = [...new Set(occasions.flatMap((o) => (o.memberId ? [o.memberId] : [])))];
    const templates = await tx.execute<TemplateRow[]>(
      `select merchant_id as "merchantId", trigger, channel, body from notifications.template where merchant_id = any(?::uuid[])`,
      [encodeBinaryArray('uuid', merchantIds)],
    );
    if (templates.length === 0) return 0;
    const merchants = new Map(
      (
        await tx.execute<MerchantRow[]>(
          `select id, name, time_zone as "timeZone", quiet_start_minute as "quietStart", quiet_end_minute as "quietEnd", webhook_url as "webhookUrl",
                  staff_email as "staffEmail"
           from notifications.merchant where id = any(?::uuid[])`,
          [encodeBinaryArray('uuid', merchantIds)],
        )
      ).map((m) => [m.id, m]),
    );
    const contacts = new Map(
      (
        await tx.execute<{ memberId: string; phone: string | null; email: string | null }[]>(
          `select member_id as "memberId", phone, email from notifications.member_contact where member_id = any(?::uuid[])`,
          [encodeBinaryArray('uuid', memberIds)],
        )
      ).map((c) => [c.memberId, c]),
    );
    const optOuts = new Set(
      (
        await tx.execute<{ key: string }[]>(`select member_id || ':' || channel as key from notifications.opt_out where member_id = any(?::uuid[])`, [encodeBinaryArray('uuid', memberIds)])
      ).map((o) => o.key),
    );

    const rows: unknown[][] = [];
    for (const occasion of occasions) {
      const merchant = merchants.get(occasion.merchantId);
      if (!merchant) continue;
      const values = { ...occasion.values, merchantName: merchant.name };
      const trigger = this.triggers.find(occasion.trigger);
      if (!trigger) continue;
      const { store } = occasion;
      for (const template of templates.filter((t) => t.merchantId === occasion.merchantId && t.trigger === occasion.trigger && (!store || t.channel === 'email'))) {
        const contact = occasion.memberId ? contacts.get(occasion.memberId) : undefined;
        // Members get messages on their phone and address; the merchant's staff alerts at the staff address, a store's at its own.
        const toMember = trigger.audience === 'member';
        const staffEmail = store ? store.reportEmail : merchant.staffEmail;
        const recipient = (toMember ? { sms: contact?.phone, email: contact?.email, webhook: merchant.webhookUrl } : { sms: null, email: staffEmail, webhook: merchant.webhookUrl })[
          template.channel
        ] ?? null;
        const quiet: QuietHours | null =
          merchant.quietStart === null || merchant.quietEnd === null ? null : { startMinute: merchant.quietStart, endMinute: merchant.quietEnd, timeZone: merchant.timeZone };
        const optedOut = toMember && template.channel !== 'webhook' && optOuts.has(`${occasion.memberId}:${template.channel}`);
        const skip = optedOut ? 'opted_out' : recipient ? null : 'no_address';
        const notBefore = toMember && RESPECTS_QUIET_HOURS[template.channel] ? deliverableAt(occasion.at, quiet) : occasion.at;
        rows.push([
          newId(),
          occasion.tenantId,
          occasion.merchantId,
          occasion.memberId,
          occasion.trigger,
          template.channel,
          recipient,
          template.channel === 'email' ? [merchant.name, store?.name, trigger.subject].filter(Boolean).join(' ') : null,
          render(template.body, values),
          JSON.stringify(values),
          template.channel === 'email' && occasion.attachment ? JSON.stringify(occasion.attachment) : null,
          skip ? 'skipped' : 'pending',
          skip,
          notBefore,
          occasion.source,
        ]);
      }
    }
    if (rows.length === 0) return 0;
    const list = unnestRows(rows, ['uuid', 'uuid', 'uuid', 'uuid', 'text', 'text', 'text', 'text', 'text', 'jsonb', 'jsonb', 'text', 'text', 'timestamptz', 'text']);
    const inserted = await tx.execute<{ id: string }[]>(
      `insert into notifications.message (id, tenant_id, merchant_id, member_id, trigger, channel, recipient, subject, body, data, attachment, status, skip_reason, not_before, source, created_at)
       select *, now() from (${list.sql}) as v
       on conflict (source, channel) do nothing returning id`,
      list.params,
    );
    return inserted.length;
  }
}
