import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  book,
  clinicWithReachablePatient,
  oneRule,
  setReminderSettings,
  startMailingBedside,
} from '../../../test/reminder-helpers.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../../test/smtp-test-server.ts';
import { testClock } from '../../../test/test-app.ts';
import { freshPostgresUrl } from '../../../test/test-db.ts';
import { createLogger } from '../../log.ts';
import type { Db } from '../../storage/db.ts';
import { migrate } from '../../storage/migrate.ts';
import { openPostgres } from '../../storage/postgres-db.ts';
import { sql } from '../../storage/sql.ts';
import { runReminderPass } from './reminder-pass.ts';

const minute = 60_000;

describe('two server instances on one PostgreSQL, each running the reminder job', () => {
  // Two processes' worth: each instance has its own pool of connections to the same database.
  let a: Db;
  let b: Db;
  let smtp: SmtpTestServer;

  beforeAll(async () => {
    const url = await freshPostgresUrl();
    a = openPostgres(url, { max: 4 });
    b = openPostgres(url, { max: 4 });
    await migrate(a, { log: createLogger('silent') });
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await a.close();
    await b.close();
  });

  it('send every reminder exactly once between them', async () => {
    const clock = testClock(Date.parse('2026-03-01T06:00:00Z'));
    const first = startMailingBedside(a, clock, smtp);
    const second = startMailingBedside(b, clock, smtp);
    const booked: string[] = [];
    for (let c = 0; c < 3; c++) {
      const { owner, device, patient } = await clinicWithReachablePatient(first.bedside.app, a);
      await setReminderSettings(a, owner.me.clinic.id, {
        ...oneRule(60),
        sendConfirmation: true,
      });
      // One every 10 minutes from 07:30 to 09:20: reminders due from 06:30 to 08:20.
      for (let i = 0; i < 12; i++) {
        const startsAt = new Date(Date.parse('2026-03-01T07:30:00Z') + i * 10 * minute);
        booked.push((await book(device, patient.id, owner.me.user.id, startsAt.toISOString())).id);
      }
    }
    await Promise.all([first.bedside.jobRunner.idle(), second.bedside.jobRunner.idle()]);

    for (let step = 0; step < 30; step++) {
      clock.advance(5 * minute);
      await Promise.all([first.tick(), second.tick()]);
    }
    // And two passes over the same window at once, as two overlapping runs would be.
    const mailing = (db: Db, server: typeof first) => ({
      db,
      clock,
      log: createLogger('silent'),
      mail: server.mail,
    });
    const clinics = await a.many<{ id: string }>(sql`SELECT id FROM clinics`);
    for (const { id } of clinics) {
      const pass = { clinicId: id, now: clock(), windowStart: new Date(0) };
      await Promise.all([
        runReminderPass(mailing(a, first), pass),
        runReminderPass(mailing(b, second), pass),
      ]);
    }
    await Promise.all([first.close(), second.close()]);

    const subjects = smtp.messages.map((m) => m.subject ?? '');
    const reminders = smtp.messages.filter((m) => m.subject?.startsWith('Reminder'));
    const confirmations = subjects.filter((s) => s.startsWith('Your appointment'));
    expect(reminders).toHaveLength(36);
    expect(confirmations).toHaveLength(36);
    const uids = reminders.map(
      (m) => /UID:(\S+)/.exec(m.attachments[0]?.content.toString('utf8') ?? '')?.[1],
    );
    expect(new Set(uids)).toEqual(new Set(booked));
    const rows = await a.many<{ kind: string; status: string; n: number }>(sql`
      SELECT kind, status, count(*)::int AS n FROM messages GROUP BY kind, status ORDER BY kind`);
    expect(rows).toEqual([
      { kind: 'confirmation', status: 'sent', n: 36 },
      { kind: 'reminder', status: 'sent', n: 36 },
    ]);
  });
});
