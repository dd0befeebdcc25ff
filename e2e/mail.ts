import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';

/** A message the e2e SMTP server took, as global-setup.ts writes it. */
export type SentMail = {
  to: string;
  subject: string;
  text: string;
  attachments: { filename: string; content: string }[];
};

/** The messages the e2e SMTP server has taken for `to`, oldest first (see global-setup.ts). */
export function mailTo(to: string): SentMail[] {
  const dir = process.env.BEDSIDE_E2E_MAIL_DIR;
  if (!dir) throw new Error('BEDSIDE_E2E_MAIL_DIR is not set: run through playwright.config.ts');
  return readdirSync(dir)
    .sort()
    .map((file) => JSON.parse(readFileSync(path.join(dir, file), 'utf8')) as SentMail)
    .filter((mail) => mail.to === to);
}
