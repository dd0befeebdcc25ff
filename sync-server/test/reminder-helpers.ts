import { Writable } from 'node:stream';
import type { Hono } from 'hono';
import { uuidv7 } from 'uuidv7';
import { type Appointment, type Patient } from '@bedside/shared';
import { defaultReminderSettings, type ReminderSettings } from '@bedside/shared/reminders';
import type { MailDeps } from '../src/domain/reminders/mail-deps.ts';
import { remindersJob } from '../src/domain/reminders/reminders-job.ts';
import type { AppEnv } from '../src/http/app-env.ts';
import { createLogger } from '../src/log.ts';
import { createSmtpMailer } from '../src/mail/smtp-mailer.ts';
import type { Db } from '../src/storage/db.ts';
import { updateReminderSettings } from '../src/storage/reminder-settings-queries.ts';
import { sql } from '../src/storage/sql.ts';
import { newAppointment } from './appointment-helpers.ts';
import type { SmtpTestServer } from './smtp-test-server.ts';
import { Device, newPatient, signUp, startBedside, type TestClock } from './test-app.ts';

export const testPublicUrl = 'https://bedside.example.org';
export const testMailSecret = 'a-test-secret-for-unsubscribe-links-of-43-chars'.slice(0, 43);
export const periodSeconds = 300;

/** Mail through the test SMTP server, links to `testPublicUrl`, retries after 60, 120, 240 s. */
export function testMail(smtp: SmtpTestServer, clock: TestClock): MailDeps {
  return {
    mailer: createSmtpMailer({ url: smtp.url, from: 'Bedside <no-reply@localhost>', clock }),
    signingSecret: testMailSecret,
    publicUrl: testPublicUrl,
    retrySeconds: 60,
  };
}

/** A logger whose lines, parsed, land in `lines`. */
export function capturingLogger() {
  const lines: Record<string, unknown>[] = [];
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      for (const line of chunk.toString().split('\n').filter(Boolean)) lines.push(JSON.parse(line));
      done();
    },
  });
  return { log: createLogger('debug', sink), lines };
}

/**
 * The real app with the reminder job every 5 minutes on `clock`, mailing through `smtp`. Drive
 * it with `tick()` after moving the clock; `logLines()` is everything the server and the job
 * logged.
 */
export function startMailingBedside(db: Db, clock: TestClock, smtp: SmtpTestServer) {
  const mail = testMail(smtp, clock);
  const jobLog = capturingLogger();
  const job = remindersJob(
    { db, clock, log: jobLog.log, mail },
    { reminderCron: '*/5 * * * *', reminderPeriodSeconds: periodSeconds },
  );
  const bedside = startBedside(db, { clock, mail, jobs: [job] });
  return {
    bedside,
    mail,
    tick: () => bedside.jobRunner.tick(),
    logLines: () => [...bedside.logLines, ...jobLog.lines],
    async close() {
      await bedside.close();
      mail.mailer.close();
    },
  };
}

/** The clinic's settings with `changes`, stored as the PUT would. */
export async function setReminderSettings(
  db: Db,
  clinicId: string,
  changes: Partial<ReminderSettings> = {},
): Promise<ReminderSettings> {
  const settings = { ...defaultReminderSettings, ...changes };
  await updateReminderSettings(db, clinicId, settings);
  return settings;
}

/** One rule on: `minutesBefore` for every appointment type. */
export function oneRule(minutesBefore: number, appointmentTypeId: string | null = null) {
  return {
    rules: [{ id: uuidv7(), enabled: true, minutesBefore, appointmentTypeId }],
  };
}

/** Sets the consent the web app will sync (`patients.reminder_consent`). */
export async function giveConsent(db: Db, patientId: string, consent = true): Promise<void> {
  await db.many(sql`UPDATE patients SET reminder_consent = ${consent} WHERE id = ${patientId}`);
}

/** A new clinic (Europe/Berlin) with a consenting patient who has an email address. */
export async function clinicWithReachablePatient(
  app: Hono<AppEnv>,
  db: Db,
  fields: Record<string, unknown> = {},
) {
  const owner = await signUp(app);
  const device = new Device(owner.api);
  const email = `ann-${uuidv7().slice(-8)}@patients.example.org`;
  const { body } = await device.push([
    newPatient({ givenName: 'Annegret', familyName: 'Quist', email, ...fields }),
  ]);
  const patient = body.results[0]?.row as Patient;
  await giveConsent(db, patient.id);
  return { owner, device, patient, email };
}

/** Books `patientId` with the owner at `startsAt`. */
export async function book(
  device: Device,
  patientId: string,
  clinicianId: string,
  startsAt: string,
  fields: Record<string, unknown> = {},
): Promise<Appointment> {
  const { body } = await device.push([
    newAppointment(patientId, clinicianId, { startsAt, ...fields }),
  ]);
  const result = body.results[0];
  if (result?.status !== 'applied') throw new Error(`appointment.create ${result?.status}`);
  return result.row as Appointment;
}

/** The clinic's ledger, oldest first. */
export async function ledger(db: Db, clinicId: string) {
  return db.many<{
    kind: string;
    status: string;
    reason: string | null;
    attempts: number;
    appointmentId: string | null;
    startsAt: Date | null;
    smtpMessageId: string | null;
  }>(sql`
    SELECT kind, status, reason, attempts, appointment_id AS "appointmentId",
      appointment_starts_at AS "startsAt", smtp_message_id AS "smtpMessageId"
    FROM messages WHERE clinic_id = ${clinicId} ORDER BY created_at, appointment_starts_at, id`);
}
