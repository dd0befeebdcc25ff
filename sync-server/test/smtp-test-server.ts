import type { AddressInfo } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** How the server answers: take every message, or refuse at RCPT or DATA with `code`. */
export type SmtpAnswer =
  { accept: true } | { refuse: 'rcpt' | 'data'; code: number; message?: string };

/**
 * A real SMTP server in this process (smtp-server), on a free port of 127.0.0.1: no TLS, no
 * authentication, every message it takes parsed by mailparser into `messages`. `answer` makes
 * it refuse with a 4xx or 5xx; `stop` and `start` take it down and bring it back on the same
 * port, as an SMTP server that was down for a while.
 *
 * @example
 * const smtp = await startSmtpTestServer();
 * const config = testConfig({ mail: { ...mail, smtpUrl: smtp.url } });
 * const [message] = await smtp.waitFor(1);
 */
export type SmtpTestServer = {
  /** `smtp://127.0.0.1:<port>`, for SMTP_URL. */
  url: string;
  port: number;
  /** Every message accepted, in order of arrival. */
  messages: ParsedMail[];
  /** Resolves once `count` messages in all have arrived. */
  waitFor(count: number): Promise<ParsedMail[]>;
  answer(answer: SmtpAnswer): void;
  /** Closes the port: connections are refused until `start`. */
  stop(): Promise<void>;
  start(): Promise<void>;
};

export async function startSmtpTestServer(
  options: { onMessage?: (message: ParsedMail) => void } = {},
): Promise<SmtpTestServer> {
  const messages: ParsedMail[] = [];
  const waiting: { count: number; resolve: (messages: ParsedMail[]) => void }[] = [];
  let current: SmtpAnswer = { accept: true };

  const refusal = (step: 'rcpt' | 'data') => {
    if (!('refuse' in current) || current.refuse !== step) return null;
    const error = new Error(current.message ?? `Refused by the test server (${current.code})`);
    return Object.assign(error, { responseCode: current.code });
  };
  const arrived = (message: ParsedMail) => {
    messages.push(message);
    options.onMessage?.(message);
    for (const waiter of [...waiting]) {
      if (messages.length >= waiter.count) {
        waiting.splice(waiting.indexOf(waiter), 1);
        waiter.resolve(messages.slice());
      }
    }
  };

  const make = () =>
    new SMTPServer({
      authOptional: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      // A reverse DNS lookup of 127.0.0.1 per connection would cost more than the rest.
      disableReverseLookup: true,
      logger: false,
      onRcptTo(_address, _session, callback) {
        callback(refusal('rcpt'));
      },
      onData(stream, _session, callback) {
        const refused = refusal('data');
        simpleParser(stream).then(
          (message) => {
            if (refused) return callback(refused);
            arrived(message);
            callback();
          },
          (error: Error) => callback(error),
        );
      },
    });

  let server = make();
  const listen = (port: number) =>
    new Promise<number>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, '127.0.0.1', () => {
        server.off('error', reject);
        resolve((server.server.address() as AddressInfo).port);
      });
    });
  const port = await listen(0);

  return {
    url: `smtp://127.0.0.1:${port}`,
    port,
    messages,
    waitFor(count) {
      if (messages.length >= count) return Promise.resolve(messages.slice());
      return new Promise((resolve) => waiting.push({ count, resolve }));
    },
    answer(answer) {
      current = answer;
    },
    async stop() {
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      // As a server going down: open connections (a client's pool) are told 421 and dropped now,
      // not after smtp-server's grace period.
      const open = (
        server as unknown as {
          connections: Set<{ send(code: number, text: string): void; close(): void }>;
        }
      ).connections;
      for (const connection of open) {
        connection.send(421, 'Server shutting down');
        connection.close();
      }
      await closed;
    },
    async start() {
      server = make();
      await listen(port);
    },
  };
}
