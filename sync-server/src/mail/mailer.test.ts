import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { simpleParser } from 'mailparser';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import { testClock } from '../../test/test-app.ts';
import { createEmlMailer } from './eml-mailer.ts';
import type { OutgoingMail } from './mailer.ts';
import { createSmtpMailer } from './smtp-mailer.ts';

const clock = testClock(Date.parse('2026-03-01T08:00:00Z'));
const from = 'Oak Clinic <reminders@oak.example.org>';
const unsubscribeUrl = 'https://bedside.example.org/unsubscribe/abc.def';
const reminder: OutgoingMail = {
  to: 'ann@example.org',
  subject: 'Reminder: your appointment at Oak Clinic',
  text: 'Hello Ann,\n\nSee you tomorrow at 09:00 CET.',
  unsubscribeUrl,
  appointment: {
    id: '0190f2a1-0000-7000-8000-0000000000bb',
    startsAt: new Date('2026-03-02T08:00:00Z'),
    endsAt: new Date('2026-03-02T08:30:00Z'),
    clinicName: 'Oak Clinic',
    location: 'Room 2',
    sequence: 1,
    method: 'REQUEST',
  },
};

describe('the SMTP mailer', () => {
  let smtp: SmtpTestServer;
  beforeAll(async () => {
    smtp = await startSmtpTestServer();
  });

  it('delivers the text, the unsubscribe line and headers, and the appointment as .ics', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from, clock });
    const outcome = await mailer.send(reminder);
    const [message] = await smtp.waitFor(1);
    mailer.close();

    expect(outcome).toEqual({ kind: 'sent', messageId: message?.messageId });
    expect(message?.to).toMatchObject({ text: 'ann@example.org' });
    expect(message?.from?.text).toBe('"Oak Clinic" <reminders@oak.example.org>');
    expect(message?.text).toBe(
      `Hello Ann,\n\nSee you tomorrow at 09:00 CET.\n\n--\nTo stop these emails: ${unsubscribeUrl}\n`,
    );
    const header = (key: string) => message?.headerLines.find((h) => h.key === key)?.line;
    expect(header('list-unsubscribe')).toBe(`List-Unsubscribe: <${unsubscribeUrl}>`);
    expect(header('list-unsubscribe-post')).toBe(
      'List-Unsubscribe-Post: List-Unsubscribe=One-Click',
    );
    const ics = message?.attachments.find((a) => a.contentType === 'text/calendar');
    const calendar = ics?.content.toString('utf8') ?? '';
    expect(calendar).toContain('METHOD:REQUEST');
    expect(calendar).toContain('UID:0190f2a1-0000-7000-8000-0000000000bb');
    expect(calendar).toContain('DTSTART:20260302T080000Z');
    expect(calendar).toContain('DTEND:20260302T083000Z');
    expect(calendar).toContain('SUMMARY:Appointment at Oak Clinic');
    expect(calendar).toContain('LOCATION:Room 2');
    expect(calendar).not.toContain('DESCRIPTION');
  });

  it('sends a cancellation as METHOD CANCEL, and a message without an appointment with no .ics', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from, clock });
    const before = smtp.messages.length;
    const appointment = reminder.appointment && {
      ...reminder.appointment,
      method: 'CANCEL' as const,
    };
    await mailer.send({ ...reminder, appointment });
    await mailer.send({ ...reminder, appointment: undefined });
    const [cancel, plain] = (await smtp.waitFor(before + 2)).slice(before);
    mailer.close();
    expect(cancel?.attachments[0]?.content.toString('utf8')).toContain('METHOD:CANCEL');
    expect(plain?.attachments).toEqual([]);
  });

  it('reports a 4xx as transient and a 5xx as permanent, in the server words', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from, clock });
    smtp.answer({ refuse: 'rcpt', code: 450, message: 'Mailbox busy' });
    expect(await mailer.send(reminder)).toEqual({
      kind: 'transient',
      reason: expect.stringContaining('450 Mailbox busy'),
    });
    smtp.answer({ refuse: 'data', code: 451, message: 'Try later' });
    expect((await mailer.send(reminder)).kind).toBe('transient');
    smtp.answer({ refuse: 'rcpt', code: 550, message: 'Mailbox unavailable' });
    expect(await mailer.send(reminder)).toEqual({
      kind: 'permanent',
      reason: expect.stringContaining('550 Mailbox unavailable'),
    });
    smtp.answer({ refuse: 'data', code: 554, message: 'Rejected' });
    expect((await mailer.send(reminder)).kind).toBe('permanent');
    smtp.answer({ accept: true });
    mailer.close();
  });

  it('reports a server that is down as transient, and delivers once it is back', async () => {
    const mailer = createSmtpMailer({ url: smtp.url, from, clock });
    await smtp.stop();
    const down = await mailer.send(reminder);
    expect(down.kind).toBe('transient');
    await smtp.start();
    const before = smtp.messages.length;
    expect((await mailer.send(reminder)).kind).toBe('sent');
    await smtp.waitFor(before + 1);
    mailer.close();
  });
});

describe('the .eml mailer (no SMTP_URL)', () => {
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(path.join(tmpdir(), 'bedside-mail-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('writes each message as it would be sent to <time>-<message id>.eml', async () => {
    const mailer = createEmlMailer({ dir: path.join(dir, 'mail'), from, clock });
    const outcome = await mailer.send(reminder);
    mailer.close();

    expect(outcome.kind).toBe('sent');
    const files = readdirSync(path.join(dir, 'mail'));
    expect(files).toHaveLength(1);
    expect(files[0]).toMatch(/^2026-03-01T08-00-00\.000Z-[A-Za-z0-9.@_-]+\.eml$/);
    const message = await simpleParser(readFileSync(path.join(dir, 'mail', files[0] ?? '')));
    expect(message.messageId).toBe(outcome.kind === 'sent' && outcome.messageId);
    expect(message.text).toContain(`To stop these emails: ${unsubscribeUrl}`);
    expect(message.attachments[0]?.contentType).toBe('text/calendar');
  });
});
