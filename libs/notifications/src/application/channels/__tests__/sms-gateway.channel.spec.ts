import { createServer, type IncomingHttpHeaders } from 'node:http';
import { SmsGatewayChannel } from '../sms-gateway.channel';
import type { OutgoingMessage } from '../notification-channel';

/** A gateway for the test: answers with the given status and keeps what it was sent. */
function gateway(status: number) {
  const received: { headers: IncomingHttpHeaders; body: unknown }[] = [];
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      received.push({ headers: req.headers, body: JSON.parse(body) });
      res.statusCode = status;
      res.end();
    });
  });
  return new Promise<{ url: string; received: typeof received; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({
        url: `http://127.0.0.1:${(server.address() as { port: number }).port}/sms`,
        received,
        close: () => {
          server.closeAllConnections();
          server.close();
        },
      }),
    ),
  );
}

const message: OutgoingMessage = {
  id: '0193a7e0-0000-7000-8000-000000000001',
  channel: 'sms',
  recipient: '13800138000',
  subject: null,
  body: '【示范药房】您消费 128.00 元，积分余额 128',
  trigger: 'purchase',
  merchantId: '0193a7e0-0000-7000-8000-000000000002',
  memberId: '0193a7e0-0000-7000-8000-000000000003',
  data: {},
  createdAt: new Date(),
  secret: null,
  attachment: null,
};

describe('SMS gateway channel', () => {
  it('posts the number, the text and the message id with the bearer token', async () => {
    const server = await gateway(202);
    try {
      await new SmsGatewayChannel(server.url, 'sms-token').send(message);
      expect(server.received).toHaveLength(1);
      expect(server.received[0].headers.authorization).toBe('Bearer sms-token');
      expect(server.received[0].body).toEqual({ to: '13800138000', text: message.body, reference: message.id });
    } finally {
      server.close();
    }
  });

  it('fails when the gateway refuses, so the dispatcher tries again', async () => {
    const server = await gateway(503);
    try {
      await expect(new SmsGatewayChannel(server.url, undefined).send(message)).rejects.toThrow('SMS gateway answered 503');
      expect(server.received[0].headers.authorization).toBeUndefined();
    } finally {
      server.close();
    }
  });
});
