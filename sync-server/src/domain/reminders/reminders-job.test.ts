import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { ParsedMail } from 'mailparser';
import {
  monday9,
  plusMinutes,
  appointmentCancel,
  appointmentUpdate,
} from '../../../test/appointment-helpers.ts';
import {
  book,
  clinicWithReachablePatient,
  giveConsent,
  ledger,
  oneRule,
  setReminderSettings,
  startMailingBedside,
  testMailSecret,
  testPublicUrl,
} from '../../../test/reminder-helpers.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../../test/smtp-test-server.ts';
import { byId, migratedDb, testClock, type TestClock } from '../../../test/test-app.ts';
import { dbKinds } from '../../../test/test-db.ts';
import { readUnsubscribeToken } from '../../mail/unsubscribe-token.ts';
import type { Db } from '../../storage/db.ts';
import { jsonb } from '../../storage/json-param.ts';
import { sql } from '../../storage/sql.ts';
import { abandonedReason } from './reminder-pass.ts';
import { idleRunsKeptMs } from './reminders-job.ts';

const minute = 60_000;

describe.each(dbKinds)('the reminder job on %s', (kind) => {
  let db: Db;
  let smtp: SmtpTestServer;
  let clock: TestClock;
  let server: ReturnType<typeof startMailingBedside>;
  /** Text that must never appear in a log line: the patient's address and names. */
  let secrets: string[];

  beforeAll(async () => {
    db = await migratedDb(kind);
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(async () => {
    smtp.answer({ accept: true });
    // Sunday 1 March 2026, 07:00 in Berlin: a day and two hours before Monday 09:00.
    clock = testClock(Date.parse('2026-03-01T06:00:00Z'));
    server = startMailingBedside(db, clock, smtp);
    await server.bedside.jobRunner.idle();
    secrets = ['Annegret', 'Quist'];
  });
  afterEach(async () => {
    const logged = JSON.stringify(server.logLines());
    for (const secret of secrets) expect(logged).not.toContain(secret);
    await server.close();
  });

  /** Moves the clock 5 minutes at a time up to `until`, running the job at each mark. */
  async function walkTo(until: string) {
    while (clock().getTime() < Date.parse(until)) {
      clock.advance(5 * minute);
      await server.tick();
    }
  }
  const arrivedFor = (to: string) =>
    smtp.messages.filter((m: ParsedMail) => m.to && 'text' in m.to && m.to.text === to);

  it('sends a reminder once when its time comes: to the patient, in the clinic zone, with the unsubscribe link and an .ics', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    await setReminderSettings(db, owner.me.clinic.id, oneRule(24 * 60));
    const appointment = await book(device, patient.id, owner.me.user.id, monday9);

    await walkTo('2026-03-01T07:55:00Z');
    expect(arrivedFor(email)).toEqual([]);
    const before = smtp.messages.length;
    await walkTo('2026-03-01T08:00:00Z');
    const [message] = (await smtp.waitFor(before + 1)).slice(before);
    await walkTo('2026-03-01T10:00:00Z');

    expect(arrivedFor(email)).toHaveLength(1);
    expect(message?.subject).toBe(
      'Reminder: your appointment at Clinic owner on Monday 2 March 2026',
    );
    expect(message?.text).toContain('Hello Annegret,');
    expect(message?.text).toContain('on Monday 2 March 2026 at 09:00 CET.');
    expect(message?.text).toContain('with Dr owner');
    const link = /To stop these emails: (\S+)/.exec(message?.text ?? '')?.[1] ?? '';
    expect(link.startsWith(`${testPublicUrl}/unsubscribe/`)).toBe(true);
    expect(readUnsubscribeToken(testMailSecret, link.split('/').pop() ?? '')).toEqual({
      clinicId: owner.me.clinic.id,
      patientId: patient.id,
    });
    const ics = message?.attachments[0]?.content.toString('utf8') ?? '';
    expect(ics).toContain(`UID:${appointment.id}`);
    expect(ics).toContain('DTSTART:20260302T080000Z');
    expect(ics).toContain('METHOD:REQUEST');
    expect(await ledger(db, owner.me.clinic.id)).toEqual([
      expect.objectContaining({
        kind: 'reminder',
        status: 'sent',
        attempts: 1,
        appointmentId: appointment.id,
        smtpMessageId: message?.messageId,
      }),
    ]);
  });

  it('reminds a moved appointment again for its new time, and a cancelled or deleted one not at all', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    await setReminderSettings(db, owner.me.clinic.id, oneRule(60));
    const clinician = owner.me.user.id;
    const moved = await book(device, patient.id, clinician, '2026-03-01T08:00:00Z');
    const cancelled = await book(device, patient.id, clinician, '2026-03-01T08:30:00Z');
    const deleted = await book(device, patient.id, clinician, '2026-03-01T09:00:00Z');

    await walkTo('2026-03-01T07:00:00Z');
    await smtp.waitFor(smtp.messages.length);
    expect(arrivedFor(email)).toHaveLength(1);
    // Moved an hour later after its reminder went; the others cancelled and deleted.
    await device.push([
      appointmentUpdate(moved.id, moved.version, {
        startsAt: '2026-03-01T09:00:00Z',
        endsAt: '2026-03-01T09:30:00Z',
      }),
      appointmentCancel(cancelled.id, cancelled.version, 'Patient called'),
      byId('appointment.delete', deleted.id),
    ]);
    await walkTo('2026-03-01T10:00:00Z');

    const rows = await ledger(db, owner.me.clinic.id);
    expect(rows.map((row) => [row.appointmentId, row.startsAt?.toISOString(), row.status])).toEqual(
      [
        [moved.id, '2026-03-01T08:00:00.000Z', 'sent'],
        [moved.id, '2026-03-01T09:00:00.000Z', 'sent'],
      ],
    );
    expect(arrivedFor(email)).toHaveLength(2);
  });

  it('logs a skipped reminder for no address, no consent or an unsubscribed patient, and sends nothing', async () => {
    const { owner, device, patient } = await clinicWithReachablePatient(server.bedside.app, db, {
      email: null,
    });
    const clinician = owner.me.user.id;
    await setReminderSettings(db, owner.me.clinic.id, oneRule(60));
    const noEmail = await book(device, patient.id, clinician, '2026-03-01T08:00:00Z');
    const other = await clinicWithReachablePatient(server.bedside.app, db);
    await giveConsent(db, other.patient.id, false);
    await setReminderSettings(db, other.owner.me.clinic.id, oneRule(60));
    const noConsent = await book(
      other.device,
      other.patient.id,
      other.owner.me.user.id,
      '2026-03-01T08:00:00Z',
    );
    const third = await clinicWithReachablePatient(server.bedside.app, db);
    await db.many(sql`
      INSERT INTO reminder_unsubscribes (clinic_id, patient_id, unsubscribed_at)
      VALUES (${third.owner.me.clinic.id}, ${third.patient.id}, now())`);
    await setReminderSettings(db, third.owner.me.clinic.id, oneRule(60));
    await book(third.device, third.patient.id, third.owner.me.user.id, '2026-03-01T08:00:00Z');
    const before = smtp.messages.length;

    await walkTo('2026-03-01T07:30:00Z');

    expect(smtp.messages.length).toBe(before);
    expect(await ledger(db, owner.me.clinic.id)).toEqual([
      expect.objectContaining({ appointmentId: noEmail.id, status: 'skipped', reason: 'no-email' }),
    ]);
    expect(await ledger(db, other.owner.me.clinic.id)).toEqual([
      expect.objectContaining({
        appointmentId: noConsent.id,
        status: 'skipped',
        reason: 'no-consent',
      }),
    ]);
    expect((await ledger(db, third.owner.me.clinic.id)).map((row) => row.reason)).toEqual([
      'unsubscribed',
    ]);
  });

  it('sends a confirmation on booking and a cancellation when cancelled, each once, when they are on', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    await setReminderSettings(db, owner.me.clinic.id, {
      sendConfirmation: true,
      sendCancellation: true,
    });
    const appointment = await book(device, patient.id, owner.me.user.id, monday9);
    await walkTo('2026-03-01T06:10:00Z');
    await device.push([appointmentCancel(appointment.id, appointment.version, 'Patient called')]);
    await walkTo('2026-03-01T06:30:00Z');

    const [confirmation, cancellation] = await smtp
      .waitFor(smtp.messages.length)
      .then(() => arrivedFor(email));
    expect(arrivedFor(email)).toHaveLength(2);
    expect(confirmation?.subject).toBe('Your appointment at Clinic owner on Monday 2 March 2026');
    expect(confirmation?.attachments[0]?.content.toString('utf8')).toContain('METHOD:REQUEST');
    expect(cancellation?.subject).toContain('is cancelled');
    expect(cancellation?.attachments[0]?.content.toString('utf8')).toContain('METHOD:CANCEL');
    expect((await ledger(db, owner.me.clinic.id)).map((row) => [row.kind, row.status])).toEqual([
      ['confirmation', 'sent'],
      ['cancellation', 'sent'],
    ]);
  });

  it('retries while the SMTP server is down, after 1 and 2 periods of backoff, and sends once when it is back', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    await setReminderSettings(db, owner.me.clinic.id, oneRule(60));
    await book(device, patient.id, owner.me.user.id, '2026-03-01T08:00:00Z');
    await smtp.stop();
    try {
      await walkTo('2026-03-01T07:00:00Z');
      expect(await ledger(db, owner.me.clinic.id)).toEqual([
        expect.objectContaining({ status: 'queued', attempts: 1 }),
      ]);
      // Retried after 60 s (the 07:05 pass), then after 120 s (07:10).
      await walkTo('2026-03-01T07:10:00Z');
      expect(await ledger(db, owner.me.clinic.id)).toEqual([
        expect.objectContaining({ status: 'queued', attempts: 3 }),
      ]);
    } finally {
      await smtp.start();
    }
    const before = smtp.messages.length;
    await walkTo('2026-03-01T07:15:00Z');
    await smtp.waitFor(before + 1);
    await walkTo('2026-03-01T08:00:00Z');

    expect(arrivedFor(email)).toHaveLength(1);
    expect(await ledger(db, owner.me.clinic.id)).toEqual([
      expect.objectContaining({ status: 'sent', attempts: 4, reason: null }),
    ]);
  });

  it('gives up after the third retry of a 4xx, and fails a 550 at once without retrying', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    await setReminderSettings(db, owner.me.clinic.id, oneRule(60));
    const busy = await book(device, patient.id, owner.me.user.id, '2026-03-01T08:00:00Z');
    smtp.answer({ refuse: 'rcpt', code: 451, message: 'Try again later' });
    await walkTo('2026-03-01T07:30:00Z');
    smtp.answer({ refuse: 'rcpt', code: 550, message: 'Mailbox unavailable' });
    const gone = await book(device, patient.id, owner.me.user.id, '2026-03-01T09:00:00Z');
    await walkTo('2026-03-01T09:00:00Z');

    const rows = await ledger(db, owner.me.clinic.id);
    expect(rows).toEqual([
      expect.objectContaining({ appointmentId: busy.id, status: 'failed', attempts: 4 }),
      expect.objectContaining({ appointmentId: gone.id, status: 'failed', attempts: 1 }),
    ]);
    expect(rows[0]?.reason).toContain('451 Try again later');
    expect(rows[1]?.reason).toContain('550 Mailbox unavailable');
    expect(arrivedFor(email)).toEqual([]);
  });

  it('marks a send left by a stopped server as failed, and never sends it again', async () => {
    const { owner, device, patient, email } = await clinicWithReachablePatient(
      server.bedside.app,
      db,
    );
    secrets.push(email);
    const appointment = await book(device, patient.id, owner.me.user.id, monday9);
    // As a server that claimed the send and stopped before it recorded how it went.
    await db.many(sql`
      INSERT INTO messages (id, clinic_id, kind, patient_id, appointment_id, rule_id,
        appointment_starts_at, to_address, status, attempts, lease_until, created_at)
      VALUES (gen_random_uuid(), ${owner.me.clinic.id}, 'confirmation', ${patient.id},
        ${appointment.id}, NULL, ${monday9}, ${email}, 'sending', 0,
        ${plusMinutes('2026-03-01T06:00:00Z', 10)}, ${'2026-03-01T06:00:00Z'})`);
    await setReminderSettings(db, owner.me.clinic.id, { sendConfirmation: true });

    await walkTo('2026-03-01T06:05:00Z');
    expect((await ledger(db, owner.me.clinic.id))[0]?.status).toBe('sending');
    await walkTo('2026-03-01T06:30:00Z');

    expect(await ledger(db, owner.me.clinic.id)).toEqual([
      expect.objectContaining({ status: 'failed', reason: abandonedReason, attempts: 0 }),
    ]);
    expect(arrivedFor(email)).toEqual([]);
  });

  it('keeps its passes that found nothing to do for a week, and those that did something for good', async () => {
    const { owner } = await clinicWithReachablePatient(server.bedside.app, db);
    const clinicId = owner.me.clinic.id;
    const old = new Date(clock().getTime() - idleRunsKeptMs - minute).toISOString();
    const recent = new Date(clock().getTime() - idleRunsKeptMs + 10 * minute).toISOString();
    const run = (scheduledFor: string, counts: Record<string, number>) => sql`
      INSERT INTO job_runs (id, job, clinic_id, scheduled_for, started_at, finished_at, status,
        counts, lease_until)
      VALUES (gen_random_uuid(), 'reminders', ${clinicId}, ${scheduledFor}, ${scheduledFor},
        ${scheduledFor}, 'done', ${jsonb(counts)}, ${scheduledFor})`;
    await db.many(run(old, { sent: 0, skipped: 0, failed: 0, retried: 0 }));
    await db.many(run(new Date(Date.parse(old) - minute).toISOString(), { sent: 1, skipped: 0 }));
    await db.many(run(recent, { sent: 0, skipped: 0, failed: 0, retried: 0 }));

    clock.advance(5 * minute);
    await server.tick();
    const left = await db.many<{ startedAt: Date; counts: Record<string, number> }>(sql`
      SELECT started_at AS "startedAt", counts FROM job_runs
      WHERE clinic_id = ${clinicId} AND job = 'reminders' ORDER BY started_at`);
    expect(left.map((each) => [each.startedAt.toISOString(), each.counts.sent])).toEqual([
      [new Date(Date.parse(old) - minute).toISOString(), 1],
      [recent, 0],
      [clock().toISOString(), 0],
    ]);
  });
});
