/**
 * `pnpm bench reminders`: one reminder pass over a clinic of 20,000 appointments
 * (BENCH_REMINDER_APPOINTMENTS) of which 500 (BENCH_REMINDERS_DUE) are due in the pass's
 * 5-minute window, 1 in 10 of those to patients without consent (skipped), on PostgreSQL (a
 * throw-away local server) and PGlite; once delivering as .eml files (the embedded default),
 * once through the in-process SMTP test server. Prints the wall time and the queries of the
 * pass, and of a second pass right after (nothing left to send); asserts nothing.
 */
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { uuidv7 } from 'uuidv7';
import { defaultReminderSettings } from '@bedside/shared/reminders';
import { runReminderPass } from '../src/domain/reminders/reminder-pass.ts';
import { createLogger } from '../src/log.ts';
import { createEmlMailer } from '../src/mail/eml-mailer.ts';
import type { Mailer } from '../src/mail/mailer.ts';
import { createSmtpMailer } from '../src/mail/smtp-mailer.ts';
import type { Db } from '../src/storage/db.ts';
import { migrate } from '../src/storage/migrate.ts';
import { openPglite } from '../src/storage/pglite-db.ts';
import { openPostgres } from '../src/storage/postgres-db.ts';
import { updateReminderSettings } from '../src/storage/reminder-settings-queries.ts';
import { sql } from '../src/storage/sql.ts';
import { startTestPostgres } from '../test/postgres-server.ts';
import { startSmtpTestServer } from '../test/smtp-test-server.ts';
import { newClinic } from './cleanup-seed.ts';
import { timedDb } from './timed-db.ts';

const APPOINTMENTS = Number(process.env.BENCH_REMINDER_APPOINTMENTS ?? 20_000);
const DUE = Number(process.env.BENCH_REMINDERS_DUE ?? 500);
const PATIENTS = 5_000;
const NOW = new Date('2026-06-01T08:00:00Z');
const PERIOD_MS = 300_000;
const LEAD_MINUTES = 24 * 60;

const n = (x: number) => Math.round(x).toLocaleString('en-US');
const ms = (x: number) => (x >= 1000 ? `${(x / 1000).toFixed(2)} s` : `${x.toFixed(1)} ms`);
const line = (what: string, value: string) => console.log(`  ${what.padEnd(30)} ${value}`);

const started = performance.now();
const smtp = await startSmtpTestServer();
const postgresServer = await startTestPostgres();
try {
  for (const via of ['eml', 'smtp'] as const) {
    const postgres = openPostgres(postgresServer.url);
    try {
      await benchDatabase(`PostgreSQL, ${via}`, postgres, via);
    } finally {
      await postgres.close();
    }
  }
} finally {
  await postgresServer.stop();
}
for (const via of ['eml', 'smtp'] as const) {
  const dir = mkdtempSync(path.join(tmpdir(), 'bedside-reminders-bench-pglite-'));
  try {
    const pglite = await openPglite(dir);
    try {
      await benchDatabase(`PGlite (on disk), ${via}`, pglite, via);
    } finally {
      await pglite.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
await smtp.stop();
console.log(`\nwhole bench: ${ms(performance.now() - started)}`);

async function benchDatabase(name: string, db: Db, via: 'eml' | 'smtp'): Promise<void> {
  console.log(`\n${name}: ${n(APPOINTMENTS)} appointments, ${n(DUE)} due in the window`);
  await migrate(db, { log: createLogger('silent') });
  const clinic = await newClinic(db, NOW, `Reminder bench clinic ${uuidv7()}`);
  const seedStarted = performance.now();
  await seed(db, clinic);
  await db.exec('ANALYZE');
  line('seeded', ms(performance.now() - seedStarted));

  const mailDir = mkdtempSync(path.join(tmpdir(), 'bedside-reminders-bench-mail-'));
  const clock = () => NOW;
  const from = 'Bedside <no-reply@localhost>';
  const mailer: Mailer =
    via === 'eml'
      ? createEmlMailer({ dir: mailDir, from, clock })
      : createSmtpMailer({ url: smtp.url, from, clock });
  const arrivedBefore = smtp.messages.length;
  try {
    const timed = timedDb(db);
    const deps = {
      db: timed.db,
      clock,
      log: createLogger('silent'),
      mail: {
        mailer,
        signingSecret: 'bench-secret-bench-secret-bench-secret-000',
        publicUrl: 'http://localhost:3000',
        retrySeconds: 60,
      },
    };
    const pass = () =>
      runReminderPass(deps, {
        clinicId: clinic.clinicId,
        now: NOW,
        windowStart: new Date(NOW.getTime() - PERIOD_MS),
      });
    for (const label of ['pass', 'second pass (nothing due)']) {
      timed.reset();
      const passStarted = performance.now();
      const counts = await pass();
      const wall = performance.now() - passStarted;
      const { statements, transactions } = timed.timings;
      const queries = statements.length + timed.timings.statementsInTransactions.length;
      line(label, `${ms(wall)}: ${JSON.stringify(counts)}`);
      line('  queries', `${n(queries)} (${n(transactions.length)} transactions)`);
      const slowest = timed.longest(statements);
      if (slowest) line('  slowest query', `${ms(slowest.ms)}: ${slowest.text.slice(0, 90)}…`);
    }
    const delivered =
      via === 'eml' ? readdirSync(mailDir).length : smtp.messages.length - arrivedBefore;
    line('messages delivered', n(delivered));
  } finally {
    mailer.close();
    rmSync(mailDir, { recursive: true, force: true });
  }
}

/**
 * Patients with an address, 1 in 10 without consent; appointments spread over three months
 * around NOW, the first DUE starting in (NOW + 24 h - 5 min, NOW + 24 h] so their 24-hour
 * reminder falls in the pass's window, the others outside it.
 */
async function seed(db: Db, clinic: { clinicId: string; ownerId: string }): Promise<void> {
  const { clinicId, ownerId } = clinic;
  const at = NOW.toISOString();
  await db.many(sql`
    INSERT INTO patients (id, clinic_id, given_name, family_name, email, reminder_consent,
      created_at, created_by, updated_at, updated_by, change_seq)
    SELECT md5(${clinicId}::text || ':patient:' || g)::uuid, ${clinicId}, 'Given' || g,
      'Family' || g, 'patient' || g || '@bench.test', g % 10 <> 0,
      ${at}::timestamptz, ${ownerId}, ${at}::timestamptz, ${ownerId}, 100000 + g
    FROM generate_series(0, ${PATIENTS - 1}) AS g`);
  const dueEnd = NOW.getTime() + LEAD_MINUTES * 60_000;
  await db.many(sql`
    INSERT INTO appointments (id, clinic_id, patient_id, clinician_id, starts_at, ends_at, status,
      created_at, created_by, updated_at, updated_by, change_seq)
    SELECT md5(${clinicId}::text || ':appointment:' || g)::uuid, ${clinicId},
      md5(${clinicId}::text || ':patient:' || (g % ${PATIENTS}))::uuid, ${ownerId}, s.starts_at,
      s.starts_at + interval '30 minutes', 'booked',
      ${'2026-01-01T00:00:00Z'}::timestamptz, ${ownerId}, ${'2026-01-01T00:00:00Z'}::timestamptz,
      ${ownerId}, 200000 + g
    FROM generate_series(0, ${APPOINTMENTS - 1}) AS g
    CROSS JOIN LATERAL (SELECT CASE
      WHEN g < ${DUE} THEN ${new Date(dueEnd).toISOString()}::timestamptz
        - (g % 290) * interval '1 second'
      -- The rest from 30 days before to 60 days after NOW, every ~6.5 minutes, but never due.
      ELSE ${NOW.toISOString()}::timestamptz - interval '30 days' + g * interval '389 seconds'
      END AS raw) r
    CROSS JOIN LATERAL (SELECT CASE
      WHEN g >= ${DUE} AND r.raw > ${new Date(dueEnd - PERIOD_MS).toISOString()}::timestamptz
        AND r.raw <= ${new Date(dueEnd).toISOString()}::timestamptz
      THEN r.raw + interval '1 hour' ELSE r.raw END AS starts_at) s`);
  await updateReminderSettings(db, clinicId, {
    ...defaultReminderSettings,
    rules: [{ ...defaultReminderSettings.rules[0], enabled: true }],
  });
}
