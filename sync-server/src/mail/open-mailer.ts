import path from 'node:path';
import type { Clock } from '../clock.ts';
import type { Config } from '../config.ts';
import type { Logger } from '../log.ts';
import { createEmlMailer } from './eml-mailer.ts';
import type { Mailer } from './mailer.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

/** The mailer the configuration names: SMTP_URL, or .eml files under `$DATA_DIR/mail`. */
export function openMailer(config: Config, log: Logger, clock: Clock): Mailer {
  const { smtpUrl, from } = config.mail;
  if (smtpUrl) {
    const url = new URL(smtpUrl);
    log.info({ host: url.hostname, port: url.port }, 'email through SMTP');
    return createSmtpMailer({ url: smtpUrl, from, clock });
  }
  const dir = path.join(config.dataDir, 'mail');
  log.info({ dir }, 'email written as .eml files in the data directory (no SMTP_URL)');
  return createEmlMailer({ dir, from, clock });
}
