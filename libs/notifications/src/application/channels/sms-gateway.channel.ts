import { NotificationChannel, type OutgoingMessage } from './notification-channel';

/**
 * SMS through an HTTP gateway (the shape Chinese SMS providers' relays share): POST JSON
 * `{to, text, reference}` with a bearer token; any 2xx is accepted, anything else is a failure.
 */
export class SmsGatewayChannel extends NotificationChannel {
  constructor(
    private readonly url: string,
    private readonly token: string | undefined,
    private readonly timeoutMs = 10_000,
  ) {
    super();
  }

  async send(message: OutgoingMessage): Promise<void> {
    const response = await fetch(this.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(this.token ? { authorization: `Bearer ${this.token}` } : {}) },
      body: JSON.stringify({ to: message.recipient, text: message.body, reference: message.id }),
      signal: AbortSignal.timeout(this.timeoutMs),
    });
    if (!response.ok) throw new Error(`SMS gateway answered ${response.status}`);
  }
}
