import { signWebhook, SIGNATURE_HEADER } from '../../domain/webhook-signature';
import { NotificationChannel, type OutgoingMessage } from './notification-channel';

/**
 * A merchant's own system, told by HTTPS POST of a JSON document signed with the merchant's secret
 * (HMAC-SHA256 over the timestamp and the exact body, `X-Loyalty-Signature`). The message id is the
 * idempotency key a receiver de-duplicates retries by.
 */
export class WebhookChannel extends NotificationChannel {
  constructor(private readonly timeoutMs = 10_000) {
    super();
  }

  async send(message: OutgoingMessage): Promise<void> {
    if (!message.secret) throw new Error('webhook without a secret');
    const body = JSON.stringify({
      id: message.id,
      type: message.trigger,
      merchantId: message.merchantId,
      memberId: message.memberId,
      text: message.body,
      data: message.data,
      createdAt: message.createdAt.toISOString(),
    });
    const response = await fetch(message.recipient, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: signWebhook(message.secret, body, new Date()), 'idempotency-key': message.id },
      body,
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`webhook answered ${response.status}`);
  }
}
