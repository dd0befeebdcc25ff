import { randomBytes } from 'node:crypto';
import path from 'node:path';
import type { Clock } from '../../clock.ts';
import type { Config } from '../../config.ts';
import type { Logger } from '../../log.ts';
import { createEmlMailer } from '../../mail/eml-mailer.ts';
import type { Mailer } from '../../mail/mailer.ts';
import { openMailer } from '../../mail/open-mailer.ts';
import { unsubscribeToken } from '../../mail/unsubscribe-token.ts';
import { keptSecret } from '../../storage/kept-secret.ts';
import type { Deps } from '../deps.ts';

/**
 * What sending mail needs, built once at start (`openMail`) and handed to the reminder job and
 * the routes (`RouteContext.mail`): the unsubscribe page reads `signingSecret` and `publicUrl`.
 */
export type MailDeps = {
  mailer: Mailer;
  /** Key of unsubscribe tokens (`unsubscribeToken`, `readUnsubscribeToken`). */
  signingSecret: string;
  /** Origin of links in messages, no trailing slash. */
  publicUrl: string;
  /** Base of the backoff: retries after 1×, 2× and 4× this. */
  retrySeconds: number;
};

export type MailingDeps = Deps & { mail: MailDeps };

/** The mailer and secret the configuration names: SMTP_URL or .eml files; MAIL_SIGNING_SECRET or one kept in the data directory. */
export async function openMail(config: Config, log: Logger, clock: Clock): Promise<MailDeps> {
  const signingSecret =
    config.mail.signingSecret ??
    (await keptSecret(path.join(config.dataDir, 'mail-secret'), log, 'unsubscribe links'));
  return {
    mailer: openMailer(config, log, clock),
    signingSecret,
    publicUrl: config.mail.publicUrl,
    retrySeconds: config.mail.retrySeconds,
  };
}

/** For a server built without `mail` (tests that send none): .eml files, a secret of its own. */
export function embeddedMail(config: Config, clock: Clock): MailDeps {
  return {
    mailer: createEmlMailer({
      dir: path.join(config.dataDir, 'mail'),
      from: config.mail.from,
      clock,
    }),
    signingSecret: randomBytes(32).toString('base64url'),
    publicUrl: config.mail.publicUrl,
    retrySeconds: config.mail.retrySeconds,
  };
}

/** The link that turns a patient's reminders off, as every message to them carries it. */
export function unsubscribeUrl(mail: MailDeps, clinicId: string, patientId: string): string {
  return `${mail.publicUrl}/unsubscribe/${unsubscribeToken(mail.signingSecret, { clinicId, patientId })}`;
}
