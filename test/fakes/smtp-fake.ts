import { createServer, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

/**
 * A tiny SMTP receiver (RFC 5321's line protocol, enough for nodemailer): EHLO with AUTH PLAIN
 * and LOGIN (no STARTTLS, so the client stays in plain text on loopback), MAIL FROM, RCPT TO,
 * DATA with dot-unstuffing, RSET, NOOP, QUIT. `failNext` answers the next DATA with a 451, like a
 * mail server that is briefly unable to take mail. Every accepted message is recorded.
 */
export interface ReceivedMail {
  from: string;
  to: string[];
  /** The raw message (headers and body) as sent after DATA. */
  data: string;
  /** The user name the client authenticated as, if any. */
  user?: string;
}

const MAX_LINE_CHARS = 100_000;

export class SmtpFake {
  readonly messages: ReceivedMail[] = [];
  /** DATA answers 451 this many more times. */
  failNext = 0;
  private server: Server | undefined;
  private readonly waiters: { n: number; resolve: () => void }[] = [];

  async start(): Promise<this> {
    this.server = createServer((socket) => this.session(socket));
    await new Promise<void>((resolve) => this.server?.listen(0, '127.0.0.1', resolve));
    return this;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo).port;
  }

  url(user = 'alerts', pass = 'smtp-secret-pass'): string {
    return `smtp://${user}:${pass}@127.0.0.1:${this.port}`;
  }

  async stop(): Promise<void> {
    const s = this.server;
    if (!s) return;
    await new Promise<void>((resolve) => s.close(() => resolve()));
  }

  /** Resolves once `n` messages have arrived (an event, not a sleep). */
  received(n: number): Promise<void> {
    if (this.messages.length >= n) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ n, resolve }));
  }

  private accept(mail: ReceivedMail): void {
    this.messages.push(mail);
    for (const w of this.waiters.filter((x) => this.messages.length >= x.n)) {
      this.waiters.splice(this.waiters.indexOf(w), 1);
      w.resolve();
    }
  }

  private session(socket: Socket): void {
    let buffer = '';
    let mail: ReceivedMail = { from: '', to: [], data: '' };
    let mode: 'command' | 'data' | 'auth-user' | 'auth-pass' = 'command';
    let dataLines: string[] = [];
    const reply = (line: string) => socket.write(`${line}\r\n`);
    const onLine = (line: string) => {
      if (mode === 'data') {
        if (line !== '.') return void dataLines.push(line.startsWith('..') ? line.slice(1) : line);
        mode = 'command';
        if (this.failNext > 0) {
          this.failNext -= 1;
          return reply('451 4.3.0 fake: try again later');
        }
        this.accept({ ...mail, data: dataLines.join('\r\n') });
        mail = { from: '', to: [], data: '', ...(mail.user ? { user: mail.user } : {}) };
        return reply('250 2.0.0 OK queued');
      }
      if (mode === 'auth-user') {
        mail.user = Buffer.from(line, 'base64').toString('utf8');
        mode = 'auth-pass';
        return reply('334 UGFzc3dvcmQ6');
      }
      if (mode === 'auth-pass') {
        mode = 'command';
        return reply('235 2.7.0 Authentication successful');
      }
      const [verb = '', ...rest] = line.split(' ');
      const arg = rest.join(' ');
      switch (verb.toUpperCase()) {
        case 'EHLO':
          return reply('250-fake-smtp\r\n250-AUTH PLAIN LOGIN\r\n250-8BITMIME\r\n250 SMTPUTF8');
        case 'HELO':
          return reply('250 fake-smtp');
        case 'AUTH': {
          const [kind, initial] = arg.split(' ');
          if (kind?.toUpperCase() === 'PLAIN' && initial) {
            mail.user = Buffer.from(initial, 'base64').toString('utf8').split('\0')[1] ?? '';
            return reply('235 2.7.0 Authentication successful');
          }
          if (kind?.toUpperCase() === 'PLAIN') return reply('334 ');
          mode = 'auth-user';
          return reply('334 VXNlcm5hbWU6');
        }
        case 'MAIL':
          mail.from = /<([^>]*)>/.exec(arg)?.[1] ?? '';
          return reply('250 2.1.0 OK');
        case 'RCPT':
          mail.to.push(/<([^>]*)>/.exec(arg)?.[1] ?? '');
          return reply('250 2.1.5 OK');
        case 'DATA':
          mode = 'data';
          dataLines = [];
          return reply('354 End data with <CR><LF>.<CR><LF>');
        case 'RSET':
          mail = { from: '', to: [], data: '', ...(mail.user ? { user: mail.user } : {}) };
          return reply('250 2.0.0 OK');
        case 'NOOP':
          return reply('250 2.0.0 OK');
        case 'QUIT':
          reply('221 2.0.0 Bye');
          return void socket.end();
        default:
          return reply('502 5.5.2 command not recognised');
      }
    };
    socket.setEncoding('utf8');
    socket.on('error', () => undefined);
    socket.on('data', (chunk: string) => {
      buffer += chunk;
      if (buffer.length > MAX_LINE_CHARS * 10) return void socket.destroy();
      for (let i = buffer.indexOf('\r\n'); i >= 0; i = buffer.indexOf('\r\n')) {
        const line = buffer.slice(0, i);
        buffer = buffer.slice(i + 2);
        onLine(line);
      }
    });
    reply('220 fake-smtp ESMTP ready');
  }
}
