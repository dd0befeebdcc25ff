import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.ts';
import { composeMail } from './compose-mail.ts';
import type { Mailer, SendOutcome } from './mailer.ts';

/** Connection failures nodemailer or the socket report: the server may be back later. */
const connectionCodes = new Set([
  'ECONNECTION',
  'ETIMEDOUT',
  'ESOCKET',
  'EGREETING',
  'EDNS',
  'ECONNREFUSED',
  'ECONNRESET',
  'EPIPE',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);

type SmtpError = { code?: string; responseCode?: number; response?: string; message?: string };

/**
 * Whether a failed send is worth trying again: SMTP 4xx and connection errors are, SMTP 5xx is
 * not. An error with neither (a bug, a TLS mismatch) counts as transient: it is retried three
 * times and then marked failed, never lost.
 */
export function classifySmtpError(error: unknown): Exclude<SendOutcome, { kind: 'sent' }> {
  const e = (typeof error === 'object' && error !== null ? error : {}) as SmtpError;
  const reason = (e.response ?? e.message ?? String(error)).slice(0, 500);
  if (typeof e.responseCode === 'number' && e.responseCode >= 500 && e.responseCode < 600)
    return { kind: 'permanent', reason };
  if (typeof e.responseCode === 'number' && e.responseCode >= 400)
    return { kind: 'transient', reason };
  if (e.code && connectionCodes.has(e.code)) return { kind: 'transient', reason };
  return { kind: 'transient', reason };
}

/**
 * Sends through the SMTP server of `url` over a pool of connections that are kept open and
 * reused (`?pool=false` in the URL turns that off): a new connection a message took 120 ms even
 * to a server on the same machine, a reused one 17 ms (`pnpm bench reminders`). Timeouts are
 * shorter than nodemailer's so a server that hangs holds a reminder pass up for a minute, not ten.
 *
 * @example
 * const mailer = createSmtpMailer({ url: 'smtp://mailpit:1025', from: 'Bedside <no-reply@localhost>', clock });
 */
export function createSmtpMailer(options: { url: string; from: string; clock: Clock }): Mailer {
  const transport = createTransport({
    url: options.url,
    pool: true,
    connectionTimeout: 20_000,
    greetingTimeout: 20_000,
    socketTimeout: 60_000,
  });
  return {
    async send(mail) {
      try {
        const info = await transport.sendMail(composeMail(mail, options.from, options.clock()));
        return { kind: 'sent', messageId: info.messageId };
      } catch (error) {
        return classifySmtpError(error);
      }
    },
    close: () => transport.close(),
  };
}
