import type { SendMailOptions } from 'nodemailer';
import { appointmentIcs } from './appointment-ics.ts';
import type { OutgoingMail } from './mailer.ts';

/**
 * What nodemailer sends for `mail`: the text with the unsubscribe line under it and one-click
 * List-Unsubscribe headers (RFC 8058) when it has an unsubscribe link, and the appointment's .ics
 * when there is one.
 *
 * @example
 * await transport.sendMail(composeMail(mail, 'Bedside <no-reply@localhost>', new Date()));
 */
export function composeMail(mail: OutgoingMail, from: string, now: Date): SendMailOptions {
  const ics = mail.appointment ? appointmentIcs(mail.appointment, now) : undefined;
  const method = mail.appointment?.method ?? 'REQUEST';
  return {
    from,
    to: mail.to,
    subject: mail.subject,
    text: mail.unsubscribeUrl
      ? `${mail.text}\n\n--\nTo stop these emails: ${mail.unsubscribeUrl}\n`
      : `${mail.text}\n`,
    headers: mail.unsubscribeUrl
      ? {
          'List-Unsubscribe': `<${mail.unsubscribeUrl}>`,
          'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click',
        }
      : {},
    attachments: ics
      ? [
          {
            filename: 'appointment.ics',
            content: ics,
            contentType: `text/calendar; charset=utf-8; method=${method}`,
          },
        ]
      : [],
  };
}
