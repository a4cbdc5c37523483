import { Inject, Injectable, Logger, type OnApplicationShutdown } from '@nestjs/common';
import { Db, pgArray } from '@loyalty/database';
import { NOTIFICATION_CHANNELS, type NotificationChannels, type OutgoingMessage } from './channels/notification-channel';
import type { SmtpOptions } from './channels/smtp-email.channel';
import { NotificationTriggers } from './notification-triggers';

export const NOTIFICATIONS_OPTIONS = Symbol('NOTIFICATIONS_OPTIONS');
export interface NotificationsOptions {
  /** How often due messages and expiry reminders are looked for; 0: only when woken (tests drive it). */
  pollMs: number;
  /** First retry after this long, doubling each attempt. */
  retryBaseMs: number;
  /** Attempts before a message is given up as failed. */
  maxAttempts: number;
  /** An HTTP SMS gateway; unset: SMS are recorded by the local double, not sent. */
  smsGateway?: { url: string; token?: string };
  /** An SMTP server; unset: e-mails are recorded by the local double, not sent. */
  smtp?: SmtpOptions;
}

const BATCH = 50;

type DueRow = Omit<OutgoingMessage, 'createdAt'> & { createdAt: string; attempts: number };

/** Backoff before attempt `attempts + 1`: base × 2^(attempts − 1). */
export const retryDelayMs = (retryBaseMs: number, attempts: number) => retryBaseMs * 2 ** (attempts - 1);

/**
 * Delivers due messages through their channel's adapter: claimed with SKIP LOCKED (several
 * instances never send one message twice), sent in parallel, marked sent; a failed send is tried
 * again after an exponential backoff and given up after the last attempt.
 */
@Injectable()
export class NotificationDispatcher implements OnApplicationShutdown {
  private readonly logger = new Logger(NotificationDispatcher.name);
  private running?: Promise<number>;

  constructor(
    private readonly db: Db,
    @Inject(NOTIFICATION_CHANNELS) private readonly channels: NotificationChannels,
    @Inject(NOTIFICATIONS_OPTIONS) private readonly options: NotificationsOptions,
    private readonly triggers: NotificationTriggers,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    await this.running?.catch(() => 0);
  }

  /** Delivers what is due soon (after a batch of events composed messages); off when not polling. */
  wake(): void {
    if (this.options.pollMs <= 0) return;
    void this.deliverDue().catch((error) => this.logger.error({ err: error }, 'notification delivery failed'));
  }

  /** Delivers every message due at `now` (of these merchants only, when given), batch by batch; returns how many were sent. */
  deliverDue(now: Date = new Date(), merchantIds?: readonly string[]): Promise<number> {
    const previous = this.running;
    this.running = (async () => {
      await previous?.catch(() => 0);
      let sent = 0;
      for (;;) {
        const batch = await this.deliverBatch(now, merchantIds);
        sent += batch.sent;
        if (batch.claimed < BATCH) return sent;
      }
    })();
    return this.running;
  }

  private deliverBatch(now: Date, merchantIds: readonly string[] | undefined): Promise<{ claimed: number; sent: number }> {
    return this.db.asSystem(async (tx) => {
      const due = await tx.execute<DueRow[]>(
        `select m.id, m.channel, m.recipient, m.subject, m.body, m.trigger, m.merchant_id as "merchantId", m.member_id as "memberId", m.data,
                m.attachment, m.created_at as "createdAt", m.attempts, case when m.channel = 'webhook' then r.webhook_secret end as secret
         from notifications.message m join notifications.merchant r on r.id = m.merchant_id
         where m.status = 'pending' and m.not_before <= ? and (?::uuid[] is null or m.merchant_id = any(?::uuid[]))
         order by m.not_before limit ${BATCH} for update of m skip locked`,
        [now, merchantIds ? pgArray(merchantIds) : null, merchantIds ? pgArray(merchantIds) : null],
      );
      // A plugin's reminder waits for its time; if the merchant turned the plugin off meanwhile, it stays unsent.
      const off = await this.triggers.undeliverable(tx, due);
      if (off.size > 0) await tx.execute(`update notifications.message set status = 'skipped', skip_reason = 'trigger_off' where id = any(?::uuid[])`, [pgArray([...off])]);
      const sending = due.filter((row) => !off.has(row.id));
      const outcomes = await Promise.allSettled(
        sending.map((row) => {
          const message: OutgoingMessage = { ...row, createdAt: new Date(row.createdAt) };
          return this.channels[row.channel].send(message);
        }),
      );
      let sent = 0;
      for (const [i, outcome] of outcomes.entries()) {
        const row = sending[i];
        const attempts = row.attempts + 1;
        if (outcome.status === 'fulfilled') {
          sent++;
          await tx.execute(`update notifications.message set status = 'sent', attempts = ?, sent_at = ?, last_error = null where id = ?`, [attempts, now, row.id]);
          continue;
        }
        const error = String((outcome.reason as Error)?.message ?? outcome.reason).slice(0, 500);
        const giveUp = attempts >= this.options.maxAttempts;
        await tx.execute(`update notifications.message set status = ?, attempts = ?, last_error = ?, not_before = ? where id = ?`, [
          giveUp ? 'failed' : 'pending',
          attempts,
          error,
          new Date(now.getTime() + retryDelayMs(this.options.retryBaseMs, attempts)),
          row.id,
        ]);
        if (giveUp) this.logger.warn({ messageId: row.id, channel: row.channel, error }, 'notification given up');
      }
      return { claimed: due.length, sent };
    });
  }
}
