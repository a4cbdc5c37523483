import { once } from 'node:events';
import { connect, isIP, type Socket } from 'node:net';
import { connect as connectTls, type ConnectionOptions } from 'node:tls';
import { NotificationChannel, type OutgoingMessage } from './notification-channel';

export interface SmtpOptions {
  host: string;
  port: number;
  from: string;
  timeoutMs?: number;
  /** implicit: TLS from the first byte (smtps, port 465); otherwise STARTTLS whenever the server offers it. */
  tls?: 'implicit' | 'starttls';
  /** AUTH PLAIN, only ever over TLS. */
  auth?: { user: string; password: string };
  /** Extra TLS options (a private CA's certificate). */
  tlsOptions?: ConnectionOptions;
}

/** Reads SMTP replies off a socket: each complete reply (multi-line `250-…` up to `250 …`) as code and text. */
class ReplyReader {
  private buffer = '';
  private waiting: ((reply: { code: number; text: string }) => void)[] = [];
  private replies: { code: number; text: string }[] = [];
  private failure: Error | null = null;
  private failed: ((error: Error) => void)[] = [];

  constructor(socket: Socket) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.buffer += chunk;
      let end: number;
      while ((end = this.buffer.search(/^\d{3} .*\r\n/m)) !== -1) {
        const stop = this.buffer.indexOf('\r\n', end) + 2;
        const lines = this.buffer.slice(0, stop);
        this.buffer = this.buffer.slice(stop);
        const reply = { code: Number(lines.slice(end, end + 3)), text: lines.trim() };
        const next = this.waiting.shift();
        if (next) next(reply);
        else this.replies.push(reply);
      }
    });
    const fail = (error: Error) => {
      this.failure = error;
      for (const reject of this.failed.splice(0)) reject(error);
    };
    socket.on('error', fail);
    socket.on('close', () => fail(new Error('SMTP connection closed')));
  }

  next(): Promise<{ code: number; text: string }> {
    const ready = this.replies.shift();
    if (ready) return Promise.resolve(ready);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting.push(resolve);
      this.failed.push(reject);
    });
  }
}

const encodedWord = (text: string) => (/^[\x20-\x7e]*$/.test(text) ? text : `=?UTF-8?B?${Buffer.from(text, 'utf8').toString('base64')}?=`);
const lines76 = (base64: string) => base64.replace(/.{1,76}/g, '$&\r\n');
const base64Lines = (text: string) => lines76(Buffer.from(text, 'utf8').toString('base64'));

/** A file name in a MIME parameter: RFC 2231 (`filename*=UTF-8''…`) for what is not plain ASCII, with an RFC 2047 `name` for older readers. */
const fileNameParameters = (name: string) =>
  /^[\x20-\x7e]*$/.test(name) && !/["\\]/.test(name)
    ? { type: `name="${name}"`, disposition: `filename="${name}"` }
    : { type: `name="${encodedWord(name)}"`, disposition: `filename*=UTF-8''${encodeURIComponent(name).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`)}` };

/** The message's MIME entity: its text alone, or multipart/mixed with the text and the attachment. */
function mimeBody(message: OutgoingMessage, boundary: string): { headers: string[]; body: string } {
  const text = { headers: ['Content-Type: text/plain; charset=UTF-8', 'Content-Transfer-Encoding: base64'], body: base64Lines(message.body) };
  const file = message.attachment;
  if (!file) return text;
  const names = fileNameParameters(file.filename);
  const part = (headers: string[], body: string) => `--${boundary}\r\n${headers.join('\r\n')}\r\n\r\n${body}`;
  return {
    headers: [`Content-Type: multipart/mixed; boundary="${boundary}"`],
    body: [
      part(text.headers, text.body),
      part([`Content-Type: ${file.contentType}; ${names.type}`, 'Content-Transfer-Encoding: base64', `Content-Disposition: attachment; ${names.disposition}`], lines76(file.contentBase64)),
      `--${boundary}--\r\n`,
    ].join(''),
  };
}

/**
 * E-mail over SMTP: EHLO; TLS from the start (smtps) or by STARTTLS whenever the server offers it,
 * then AUTH PLAIN when credentials are configured (never in clear: a server that offers no TLS is
 * refused them); MAIL FROM, RCPT TO, DATA with a UTF-8 text/plain body in base64 (multipart/mixed
 * with the attachment when there is one), QUIT. Any reply outside the expected class fails the send.
 */
export class SmtpEmailChannel extends NotificationChannel {
  constructor(private readonly options: SmtpOptions) {
    super();
  }

  async send(message: OutgoingMessage): Promise<void> {
    const { host, port, tls: mode, auth, tlsOptions } = this.options;
    const tlsTo: ConnectionOptions = { host, servername: isIP(host) ? undefined : host, ...tlsOptions };
    const timed = <T extends Socket>(socket: T): T => socket.setTimeout(this.options.timeoutMs ?? 10_000, () => socket.destroy(new Error('SMTP timeout')));
    let socket: Socket = timed(mode === 'implicit' ? connectTls({ ...tlsTo, port }) : connect({ host, port }));
    let encrypted = mode === 'implicit';
    let replies = new ReplyReader(socket);
    const expect = async (code: number, command?: string) => {
      if (command !== undefined) socket.write(`${command}\r\n`);
      const reply = await replies.next();
      // The command named in the error, never its argument (AUTH carries the credentials).
      if (Math.floor(reply.code / 100) !== Math.floor(code / 100)) throw new Error(`SMTP ${command?.split(/[: ]/)[0] ?? 'greeting'}: ${reply.text}`);
      return reply;
    };
    try {
      await expect(220);
      const hello = await expect(250, 'EHLO loyalty.local');
      if (!encrypted && /^250[- ]STARTTLS\b/im.test(hello.text)) {
        await expect(220, 'STARTTLS');
        const plain = socket;
        socket = timed(connectTls({ ...tlsTo, socket: plain }));
        await once(socket, 'secureConnect');
        encrypted = true;
        replies = new ReplyReader(socket);
        await expect(250, 'EHLO loyalty.local');
      }
      if (auth) {
        if (!encrypted) throw new Error('SMTP: the server offers no TLS; the credentials are not sent in clear');
        await expect(235, `AUTH PLAIN ${Buffer.from(`\0${auth.user}\0${auth.password}`, 'utf8').toString('base64')}`);
      }
      await expect(250, `MAIL FROM:<${this.options.from}>`);
      await expect(250, `RCPT TO:<${message.recipient}>`);
      await expect(354, 'DATA');
      const mime = mimeBody(message, `=_${message.id}`);
      const headers = [
        `From: ${this.options.from}`,
        `To: ${message.recipient}`,
        `Subject: ${encodedWord(message.subject ?? '')}`,
        `Date: ${new Date().toUTCString()}`,
        `Message-ID: <${message.id}@loyalty.local>`,
        'MIME-Version: 1.0',
        ...mime.headers,
      ];
      await expect(250, `${headers.join('\r\n')}\r\n\r\n${mime.body}.`);
      socket.write('QUIT\r\n');
    } finally {
      socket.end();
    }
  }
}
