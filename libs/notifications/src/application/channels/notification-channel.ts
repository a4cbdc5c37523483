import type { Channel } from '../../domain/notification';

/** One message as a channel adapter delivers it. */
/** An e-mail attachment as messages keep it: the content in base64. */
export interface Attachment {
  filename: string;
  contentType: string;
  contentBase64: string;
}

export interface OutgoingMessage {
  id: string;
  channel: Channel;
  /** A phone (sms), an address (email) or a URL (webhook). */
  recipient: string;
  subject: string | null;
  body: string;
  trigger: string;
  merchantId: string;
  memberId: string | null;
  data: Record<string, unknown>;
  createdAt: Date;
  /** The merchant's webhook secret (webhook only): deliveries are signed with it. */
  secret: string | null;
  /** A file the e-mail carries (a daily report's CSV), or null. */
  attachment: Attachment | null;
}

/**
 * The port every delivery channel implements: resolve when the message was handed over, throw
 * when it was not (the dispatcher then retries with backoff).
 */
export abstract class NotificationChannel {
  abstract send(message: OutgoingMessage): Promise<void>;
}

/** The adapter behind each channel, chosen from configuration at start. */
export const NOTIFICATION_CHANNELS = Symbol('NOTIFICATION_CHANNELS');
export type NotificationChannels = Record<Channel, NotificationChannel>;

/** The local double of a channel: records what it was asked to send (development, tests). */
export class RecordingChannel extends NotificationChannel {
  readonly sent: OutgoingMessage[] = [];

  async send(message: OutgoingMessage): Promise<void> {
    this.sent.push(message);
  }
}
