import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createServer, type Server, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, TLSSocket } from 'node:tls';
import { SmtpEmailChannel } from '../smtp-email.channel';
import type { OutgoingMessage } from '../notification-channel';

/** A tiny SMTP server for the test: speaks enough of RFC 5321 (STARTTLS and AUTH PLAIN when given a certificate) and keeps what it received. */
function smtpServer(options: { refuseRecipient?: boolean; tls?: { key: string; cert: string }; implicitTls?: boolean; user?: { name: string; password: string } } = {}) {
  const received: { from: string; to: string; data: string; encrypted: boolean; authenticated: string | null }[] = [];
  const server: Server = createServer((plain) => {
    let from = '';
    let to = '';
    let data: string | null = null;
    let buffer = '';
    let encrypted = false;
    let authenticated: string | null = null;
    let socket: Socket = plain;
    const onLine = (line: string) => {
      if (data !== null) {
        if (line === '.') {
          received.push({ from, to, data, encrypted, authenticated });
          data = null;
          socket.write('250 2.0.0 queued\r\n');
        } else data += `${line}\r\n`;
      } else if (line.startsWith('EHLO')) socket.write(`250-test.local\r\n${options.tls && !encrypted ? '250-STARTTLS\r\n' : ''}${encrypted ? '250-AUTH PLAIN\r\n' : ''}250 8BITMIME\r\n`);
      else if (line === 'STARTTLS' && options.tls) {
        socket.write('220 go ahead\r\n');
        plain.removeAllListeners('data');
        socket = new TLSSocket(plain, { isServer: true, secureContext: createSecureContext(options.tls) });
        encrypted = true;
        listen(socket);
      } else if (line.startsWith('AUTH PLAIN ')) {
        const [, name, password] = Buffer.from(line.slice(11), 'base64').toString('utf8').split('\0');
        const ok = encrypted && name === options.user?.name && password === options.user?.password;
        if (ok) authenticated = name;
        socket.write(ok ? '235 2.7.0 ok\r\n' : '535 5.7.8 bad credentials\r\n');
      } else if (line.startsWith('MAIL FROM:')) {
        from = line.slice(10);
        socket.write(options.user && !authenticated ? '530 5.7.0 authentication required\r\n' : '250 ok\r\n');
      } else if (line.startsWith('RCPT TO:')) {
        to = line.slice(8);
        socket.write(options.refuseRecipient ? '550 5.1.1 no such user\r\n' : '250 ok\r\n');
      } else if (line === 'DATA') {
        data = '';
        socket.write('354 go ahead\r\n');
      } else if (line === 'QUIT') socket.end('221 bye\r\n');
    };
    const listen = (stream: Socket) => {
      stream.setEncoding('utf8');
      stream.on('error', () => undefined);
      stream.on('data', (chunk: string) => {
        buffer += chunk;
        for (let end = buffer.indexOf('\r\n'); end !== -1; end = buffer.indexOf('\r\n')) {
          const line = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          onLine(line);
        }
      });
    };
    if (options.implicitTls && options.tls) {
      socket = new TLSSocket(plain, { isServer: true, secureContext: createSecureContext(options.tls) });
      encrypted = true;
    }
    socket.write('220 test.local ESMTP\r\n');
    listen(socket);
  });
  return new Promise<{ port: number; received: typeof received; close: () => void }>((resolve) =>
    server.listen(0, '127.0.0.1', () => resolve({ port: (server.address() as { port: number }).port, received, close: () => server.close() })),
  );
}

/** A self-signed certificate for 127.0.0.1, made with the machine's openssl. */
function selfSigned(): { key: string; cert: string } {
  const dir = mkdtempSync(join(tmpdir(), 'smtp-tls-'));
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', join(dir, 'key.pem'), '-out', join(dir, 'cert.pem'), '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { key: readFileSync(join(dir, 'key.pem'), 'utf8'), cert: readFileSync(join(dir, 'cert.pem'), 'utf8') };
}

const message: OutgoingMessage = {
  id: '0193a7e0-0000-7000-8000-000000000001',
  channel: 'email',
  recipient: 'member@example.cn',
  subject: '示范药房 消费提醒',
  body: '您消费 128.00 元，积分余额 128',
  trigger: 'purchase',
  merchantId: '0193a7e0-0000-7000-8000-000000000002',
  memberId: null,
  data: {},
  createdAt: new Date(),
  secret: null,
  attachment: null,
};

describe('SMTP e-mail channel', () => {
  it('hands the message to the server: envelope, UTF-8 subject and body', async () => {
    const server = await smtpServer();
    try {
      await new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local' }).send(message);
      expect(server.received).toHaveLength(1);
      const [mail] = server.received;
      expect([mail.from, mail.to]).toEqual(['<noreply@loyalty.local>', '<member@example.cn>']);
      const [head, body] = mail.data.split('\r\n\r\n');
      const subject = /^Subject: =\?UTF-8\?B\?(.+)\?=$/m.exec(head)![1];
      expect(Buffer.from(subject, 'base64').toString('utf8')).toBe('示范药房 消费提醒');
      expect(Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8')).toBe('您消费 128.00 元，积分余额 128');
    } finally {
      server.close();
    }
  });

  it('sends an attachment as multipart/mixed, its Chinese file name encoded (RFC 2231, RFC 2047) and its bytes intact', async () => {
    const server = await smtpServer();
    const csv = '日期 day,净消费 net sales\r\n2026-12-04,128.00\r\n';
    const attachment = { filename: '营业日报-万达店-2026-12-04.csv', contentType: 'text/csv; charset=utf-8', contentBase64: Buffer.from(csv, 'utf8').toString('base64') };
    try {
      await new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local' }).send({ ...message, attachment });
      const data = server.received[0].data;
      const boundary = /^Content-Type: multipart\/mixed; boundary="([^"]+)"$/m.exec(data)![1];
      const parts = data.split(`--${boundary}`).slice(1, -1).map((part) => part.replace(/^\r\n/, '').split('\r\n\r\n'));
      expect(parts).toHaveLength(2);
      const decode = (body: string) => Buffer.from(body.replace(/\r\n/g, ''), 'base64').toString('utf8');
      expect(decode(parts[0][1])).toBe('您消费 128.00 元，积分余额 128');
      const [fileHead, fileBody] = parts[1];
      expect(decode(fileBody)).toBe(csv);
      const rfc2231 = /filename\*=UTF-8''([^\s;]+)/.exec(fileHead)![1];
      expect(decodeURIComponent(rfc2231)).toBe('营业日报-万达店-2026-12-04.csv');
      const rfc2047 = /name="=\?UTF-8\?B\?(.+)\?="/.exec(fileHead)![1];
      expect(Buffer.from(rfc2047, 'base64').toString('utf8')).toBe('营业日报-万达店-2026-12-04.csv');
      expect(fileHead).toContain('Content-Disposition: attachment;');
    } finally {
      server.close();
    }
  });

  it('upgrades to TLS by STARTTLS and authenticates over it; never sends the credentials in clear', async () => {
    const tls = selfSigned();
    const user = { name: 'shop@example.cn', password: 'p@ss:word' };
    const server = await smtpServer({ tls, user });
    const channel = (extra: Partial<ConstructorParameters<typeof SmtpEmailChannel>[0]>) =>
      new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local', tlsOptions: { ca: tls.cert }, ...extra });
    const plainServer = await smtpServer({ user });
    try {
      await channel({ auth: { user: user.name, password: user.password } }).send(message);
      expect(server.received).toEqual([expect.objectContaining({ encrypted: true, authenticated: user.name, to: '<member@example.cn>' })]);
      await expect(channel({ auth: { user: user.name, password: 'wrong' } }).send(message)).rejects.toThrow(/^SMTP AUTH: 535/);
      // A server without TLS is not given the credentials, and the error does not carry them.
      const refused = new SmtpEmailChannel({ host: '127.0.0.1', port: plainServer.port, from: 'noreply@loyalty.local', auth: { user: user.name, password: user.password } }).send(message);
      await expect(refused).rejects.toThrow('SMTP: the server offers no TLS; the credentials are not sent in clear');
      // A certificate nobody vouches for is refused.
      await expect(new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local' }).send(message)).rejects.toThrow(/self-signed|certificate/);
      expect(server.received).toHaveLength(1);
      expect(plainServer.received).toHaveLength(0);
    } finally {
      server.close();
      plainServer.close();
    }
    // smtps: TLS from the first byte.
    const implicit = await smtpServer({ tls, implicitTls: true, user });
    try {
      await channel({ port: implicit.port, tls: 'implicit', auth: { user: user.name, password: user.password } }).send(message);
      expect(implicit.received).toEqual([expect.objectContaining({ encrypted: true, authenticated: user.name })]);
    } finally {
      implicit.close();
    }
  });

  it('fails when the server refuses the recipient, and when nobody listens', async () => {
    const server = await smtpServer({ refuseRecipient: true });
    try {
      await expect(new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local' }).send(message)).rejects.toThrow(/550/);
      expect(server.received).toHaveLength(0);
    } finally {
      server.close();
    }
    await expect(new SmtpEmailChannel({ host: '127.0.0.1', port: server.port, from: 'noreply@loyalty.local', timeoutMs: 2000 }).send(message)).rejects.toThrow();
  });
});
