import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { createTransport } from 'nodemailer';
import type { Clock } from '../clock.ts';
import { composeMail } from './compose-mail.ts';
import type { Mailer } from './mailer.ts';

/**
 * The embedded default when no SMTP_URL is set: each message is written, as it would have been
 * sent, to `<dir>/<time>-<message id>.eml`, which any mail program opens. Always "sent", unless
 * the disk refuses (then transient, and retried).
 *
 * @example
 * const mailer = createEmlMailer({ dir: path.join(dataDir, 'mail'), from, clock });
 */
export function createEmlMailer(options: { dir: string; from: string; clock: Clock }): Mailer {
  const transport = createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  return {
    async send(mail) {
      const now = options.clock();
      try {
        const info = await transport.sendMail(composeMail(mail, options.from, now));
        const id = info.messageId.replace(/[^A-Za-z0-9.@_-]/g, '');
        const time = now.toISOString().replaceAll(':', '-');
        await mkdir(options.dir, { recursive: true });
        await writeFile(path.join(options.dir, `${time}-${id}.eml`), info.message, {
          mode: 0o600,
        });
        return { kind: 'sent', messageId: info.messageId };
      } catch (error) {
        const reason = error instanceof Error ? error.message : String(error);
        return { kind: 'transient', reason: `Could not write the message: ${reason}` };
      }
    },
    close: () => transport.close(),
  };
}
