import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { type PatientReminderStatus } from '@bedside/shared/reminders';
import { monday9 } from '../../test/appointment-helpers.ts';
import {
  book,
  clinicWithReachablePatient,
  ledger,
  oneRule,
  setReminderSettings,
  startMailingBedside,
  testMailSecret,
} from '../../test/reminder-helpers.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import { migratedDb, signUp, testClock, type TestClock } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import { unsubscribeToken } from '../mail/unsubscribe-token.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

/** The link in a message, the page it opens, and turning reminders back on. */
describe.each(dbKinds)('unsubscribe links on %s', (kind) => {
  let db: Db;
  let smtp: SmtpTestServer;
  let clock: TestClock;
  let server: ReturnType<typeof startMailingBedside>;

  beforeAll(async () => {
    db = await migratedDb(kind);
    smtp = await startSmtpTestServer();
  });
  afterAll(async () => {
    await db.close();
  });
  beforeEach(() => {
    clock = testClock(Date.parse('2026-03-01T06:00:00Z'));
    server = startMailingBedside(db, clock, smtp);
  });
  afterEach(async () => {
    await server.close();
  });

  const page = (path: string, method = 'GET', body?: string) =>
    server.bedside.app.request(path, {
      method,
      body,
      headers: body ? { 'content-type': 'application/x-www-form-urlencoded' } : {},
    });

  async function audited(clinicId: string) {
    return db.many<{ action: string; userId: string | null; entityIds: string[] }>(sql`
      SELECT action, user_id AS "userId", entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${clinicId} AND action LIKE 'reminders.%subscribe' ORDER BY at, id`);
  }

  /** A reminder to a consenting patient arrives; answers the link it carries. */
  async function remindedPatient() {
    const reachable = await clinicWithReachablePatient(server.bedside.app, db);
    const clinicId = reachable.owner.me.clinic.id;
    await setReminderSettings(db, clinicId, oneRule(24 * 60));
    await book(reachable.device, reachable.patient.id, reachable.owner.me.user.id, monday9);
    const before = smtp.messages.length;
    clock.advance(2 * 3_600_000); // to 08:00, 24 h before Monday 09:00 in Berlin
    await server.tick();
    const [message] = (await smtp.waitFor(before + 1)).slice(before);
    const link = /To stop these emails: (\S+)/.exec(message?.text ?? '')?.[1] ?? '';
    return { ...reachable, clinicId, path: new URL(link).pathname, message };
  }

  it('asks first, turns the emails off once, says so on every later visit, and is audited once', async () => {
    const { clinicId, patient, path, message } = await remindedPatient();
    // Folded lines unfolded, as a mail app reads them.
    const raw =
      message?.headerLines.map((line) => line.line.replace(/\r\n\s+/g, ' ')).join('\n') ?? '';
    expect(raw).toContain(`List-Unsubscribe: <https://bedside.example.org${path}>`);
    expect(raw).toContain('List-Unsubscribe-Post: List-Unsubscribe=One-Click');

    // Opening the link (as a mail scanner would) changes nothing.
    const asked = await page(path);
    expect(asked.status).toBe(200);
    const question = await asked.text();
    expect(question).toContain('Stop appointment emails?');
    expect(question).toContain('Clinic owner');
    expect(question).toContain('<form method="post">');
    expect(question).not.toContain('Annegret');
    expect(await audited(clinicId)).toEqual([]);

    const done = await page(path, 'POST');
    expect(done.status).toBe(200);
    expect(await done.text()).toContain('You are unsubscribed');
    // A mail app's one-click unsubscribe (RFC 8058) posts the same address again: nothing new.
    const again = await page(path, 'POST', 'List-Unsubscribe=One-Click');
    expect(again.status).toBe(200);
    expect(await again.text()).toContain('(since 1 March 2026)');
    expect(await (await page(path)).text()).toContain('You are unsubscribed');
    expect(await audited(clinicId)).toEqual([
      { action: 'reminders.unsubscribe', userId: null, entityIds: [patient.id] },
    ]);
  });

  it('refuses a forged, cut or test link with a plain page, and changes nothing', async () => {
    const { clinicId, patient, path } = await remindedPatient();
    const other = await signUp(server.bedside.app);
    const [payload] = unsubscribeToken(testMailSecret, {
      clinicId: other.me.clinic.id,
      patientId: patient.id,
    }).split('.');
    const signature = path.split('.').pop();
    for (const bad of [
      `/unsubscribe/${payload}.${signature}`,
      path.slice(0, -3),
      `/unsubscribe/${unsubscribeToken('another-secret-of-at-least-32-characters!!', { clinicId, patientId: patient.id })}`,
      '/unsubscribe/this-is-a-test-message',
    ]) {
      for (const method of ['GET', 'POST']) {
        const response = await page(bad, method);
        expect(response.status).toBe(404);
        expect(await response.text()).toContain('This link does not work');
      }
    }
    const signedOut = await server.bedside.app.request(
      `/api/patients/${patient.id}/reminder-status`,
    );
    expect(signedOut.status).toBe(401);
    expect(await audited(clinicId)).toEqual([]);
  });

  it('skips the next reminder as unsubscribed, and a member turns reminders back on when asked', async () => {
    const { clinicId, owner, device, patient, path } = await remindedPatient();
    await page(path, 'POST');
    const status = async () =>
      (await (
        await owner.api.get(`/api/patients/${patient.id}/reminder-status`)
      ).json()) as PatientReminderStatus;
    expect(await status()).toEqual({ unsubscribedAt: '2026-03-01T08:00:00.000Z' });

    await book(device, patient.id, owner.me.user.id, '2026-03-03T08:00:00Z');
    clock.advance(24 * 3_600_000);
    await server.tick();
    expect((await ledger(db, clinicId)).map((row) => [row.status, row.reason])).toEqual([
      ['sent', null],
      ['skipped', 'unsubscribed'],
    ]);

    // Another clinic cannot see or change it.
    const stranger = await signUp(server.bedside.app);
    const hidden = await stranger.api.get(`/api/patients/${patient.id}/reminder-status`);
    expect(hidden.status).toBe(404);
    expect(await hidden.json()).toMatchObject({ type: problemType('not-found') });
    const refused = await stranger.api.request('DELETE', `/api/patients/${patient.id}/unsubscribe`);
    expect(refused.status).toBe(404);
    expect(await status()).not.toEqual({ unsubscribedAt: null });

    const back = await owner.api.request('DELETE', `/api/patients/${patient.id}/unsubscribe`);
    expect(back.status).toBe(204);
    expect(await status()).toEqual({ unsubscribedAt: null });
    expect((await audited(clinicId)).map((event) => [event.action, event.userId])).toEqual([
      ['reminders.unsubscribe', null],
      ['reminders.resubscribe', owner.me.user.id],
    ]);
    // The link asks again: the patient may turn them off once more.
    expect(await (await page(path)).text()).toContain('Stop appointment emails?');
  });
});
