import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType, type Problem } from '@bedside/shared';
import {
  defaultReminderSettings,
  type AppointmentReminders,
  type MessageLogEntry,
  type MessageLogPage,
  type ReminderSettings,
} from '@bedside/shared/reminders';
import { monday9, newAppointmentType } from '../../test/appointment-helpers.ts';
import { colleagueDevice } from '../../test/push-helpers.ts';
import {
  book,
  clinicWithReachablePatient,
  giveConsent,
  oneRule,
  setReminderSettings,
  startMailingBedside,
} from '../../test/reminder-helpers.ts';
import { startSmtpTestServer, type SmtpTestServer } from '../../test/smtp-test-server.ts';
import {
  Device,
  migratedDb,
  testClock,
  type ApiClient,
  type TestClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

const put = (api: ApiClient, path: string, json: unknown) => api.request('PUT', path, { json });

describe.each(dbKinds)('reminder and message routes on %s', (kind) => {
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
    smtp.answer({ accept: true });
    clock = testClock(Date.parse('2026-03-01T06:00:00Z'));
    server = startMailingBedside(db, clock, smtp);
  });
  afterEach(async () => {
    await server.close();
  });

  async function audited(clinicId: string, action: string) {
    return db.many<{ entity: string; entityIds: string[] }>(sql`
      SELECT entity, entity_ids AS "entityIds" FROM audit_events
      WHERE clinic_id = ${clinicId} AND action = ${action}`);
  }

  describe('/api/reminders/settings', () => {
    it('gives the owner the defaults, takes new settings whole and audits the change', async () => {
      const { owner } = await clinicWithReachablePatient(server.bedside.app, db);
      const first = await owner.api.get('/api/reminders/settings');
      expect(first.status).toBe(200);
      expect(await first.json()).toEqual(defaultReminderSettings);

      const { body } = await new Device(owner.api).push([newAppointmentType()]);
      const typeId = (body.results[0]?.row as { id: string }).id;
      const settings: ReminderSettings = {
        ...defaultReminderSettings,
        rules: [{ id: uuidv7(), enabled: true, minutesBefore: 90, appointmentTypeId: typeId }],
        sendConfirmation: true,
        contactPhone: '+49 30 1234',
      };
      const saved = await put(owner.api, '/api/reminders/settings', settings);
      expect(saved.status).toBe(200);
      expect(await (await owner.api.get('/api/reminders/settings')).json()).toEqual(settings);
      expect(await audited(owner.me.clinic.id, 'reminders.settings')).toEqual([
        { entity: 'clinics', entityIds: [owner.me.clinic.id] },
      ]);
    });

    it('refuses bad settings with the fields, and a rule naming another clinic type or none', async () => {
      const { owner } = await clinicWithReachablePatient(server.bedside.app, db);
      const bad = await put(owner.api, '/api/reminders/settings', {
        ...defaultReminderSettings,
        templates: {
          ...defaultReminderSettings.templates,
          reminder: { subject: 'Hi {{diagnosis}}', body: 'x' },
        },
      });
      expect(bad.status).toBe(422);
      expect(bad.headers.get('content-type')).toBe('application/problem+json');
      expect(((await bad.json()) as Problem).issues).toEqual([
        expect.objectContaining({ field: 'templates.reminder.subject' }),
      ]);

      const other = await clinicWithReachablePatient(server.bedside.app, db);
      const { body } = await new Device(other.owner.api).push([newAppointmentType()]);
      const theirs = (body.results[0]?.row as { id: string }).id;
      for (const appointmentTypeId of [theirs, uuidv7()]) {
        const refused = await put(owner.api, '/api/reminders/settings', {
          ...defaultReminderSettings,
          rules: [{ id: uuidv7(), enabled: true, minutesBefore: 60, appointmentTypeId }],
        });
        expect(refused.status).toBe(422);
        expect(((await refused.json()) as Problem).issues).toEqual([
          {
            field: 'rules.0.appointmentTypeId',
            message: 'This appointment type does not exist in this clinic.',
          },
        ]);
      }
      expect(await (await owner.api.get('/api/reminders/settings')).json()).toEqual(
        defaultReminderSettings,
      );
    });

    it('answers only the owner', async () => {
      const { owner } = await clinicWithReachablePatient(server.bedside.app, db);
      const colleague = await colleagueDevice({ app: server.bedside.app, db }, owner);
      const read = await colleague.api.get('/api/reminders/settings');
      expect(read.status).toBe(403);
      expect(await read.json()).toMatchObject({ type: problemType('forbidden') });
      const write = await put(colleague.api, '/api/reminders/settings', defaultReminderSettings);
      expect(write.status).toBe(403);
      const test = await colleague.api.post('/api/reminders/test', { kind: 'reminder' });
      expect(test.status).toBe(403);
      expect(smtp.messages.filter((m) => m.subject?.startsWith('[Test]'))).toHaveLength(0);
    });
  });

  describe('POST /api/reminders/test', () => {
    it('sends the template with sample values to the owner at once and answers its log entry', async () => {
      const { owner, email } = await clinicWithReachablePatient(server.bedside.app, db);
      const before = smtp.messages.length;
      const response = await owner.api.post('/api/reminders/test', { kind: 'confirmation' });
      expect(response.status).toBe(200);
      const entry = (await response.json()) as MessageLogEntry;
      const [message] = (await smtp.waitFor(before + 1)).slice(before);

      expect(message?.to).toMatchObject({ text: owner.email });
      expect(message?.subject).toBe(
        '[Test] Your appointment at Clinic owner on Monday 2 March 2026',
      );
      expect(message?.text).toContain('Hello Alex,');
      expect(message?.text).toContain(
        'To stop these emails: https://bedside.example.org/unsubscribe/',
      );
      expect(message?.text).not.toContain(email);
      expect(entry).toMatchObject({
        kind: 'test',
        status: 'sent',
        to: owner.email,
        patientId: null,
        smtpMessageId: message?.messageId,
      });
      expect(await audited(owner.me.clinic.id, 'messages.test')).toEqual([
        { entity: 'messages', entityIds: [entry.id] },
      ]);
    });

    it('answers failed with the server reason when the SMTP server refuses, and does not retry', async () => {
      const { owner } = await clinicWithReachablePatient(server.bedside.app, db);
      smtp.answer({ refuse: 'rcpt', code: 451, message: 'Greylisted' });
      const response = await owner.api.post('/api/reminders/test', { kind: 'reminder' });
      const entry = (await response.json()) as MessageLogEntry;
      expect(entry).toMatchObject({ status: 'failed', attempts: 1, nextAttemptAt: null });
      expect(entry.reason).toContain('451 Greylisted');
      const bad = await owner.api.post('/api/reminders/test', { kind: 'diagnosis' });
      expect(bad.status).toBe(422);
    });
  });

  describe('/api/messages', () => {
    it('lists the log newest first, 50 a page with a cursor, filtered by status, patient and day', async () => {
      const { owner, device, patient } = await clinicWithReachablePatient(server.bedside.app, db);
      const clinicId = owner.me.clinic.id;
      const appointment = await book(device, patient.id, owner.me.user.id, monday9);
      // 60 rows a minute apart from 22:30 UTC on 28 Feb, the last 30 on 1 March in Berlin.
      for (let i = 0; i < 60; i++) {
        await db.many(sql`
          INSERT INTO messages (id, clinic_id, kind, patient_id, appointment_id, rule_id,
            appointment_starts_at, to_address, status, reason, attempts, created_at)
          VALUES (${uuidv7()}, ${clinicId}, 'reminder', ${i % 2 === 0 ? patient.id : null}::uuid,
            ${appointment.id}, ${uuidv7()}, ${monday9}, 'x@example.org',
            ${i % 3 === 0 ? 'failed' : 'sent'}, NULL, 1,
            ${new Date(Date.parse('2026-02-28T22:30:00Z') + i * 60_000).toISOString()})`);
      }
      const first = (await (await owner.api.get('/api/messages')).json()) as MessageLogPage;
      expect(first.messages).toHaveLength(50);
      expect(first.messages[0]?.createdAt).toBe('2026-02-28T23:29:00.000Z');
      const second = (await (
        await owner.api.get(`/api/messages?before=${first.nextCursor}`)
      ).json()) as MessageLogPage;
      expect(second.messages).toHaveLength(10);
      expect(second.nextCursor).toBeNull();
      const all = [...first.messages, ...second.messages].map((m) => m.createdAt);
      expect(all).toEqual([...all].sort().reverse());

      const failed = (await (
        await owner.api.get('/api/messages?status=failed')
      ).json()) as MessageLogPage;
      expect(failed.messages).toHaveLength(20);
      const ofPatient = (await (
        await owner.api.get(`/api/messages?patientId=${patient.id}`)
      ).json()) as MessageLogPage;
      expect(ofPatient.messages).toHaveLength(30);
      // 1 March in Berlin starts at 23:00 UTC on 28 February.
      const march = (await (
        await owner.api.get('/api/messages?from=2026-03-01&to=2026-03-01')
      ).json()) as MessageLogPage;
      expect(march.messages).toHaveLength(30);

      expect((await owner.api.get('/api/messages?status=lost')).status).toBe(422);
      const badCursor = await owner.api.get('/api/messages?before=nonsense');
      expect(badCursor.status).toBe(400);
      expect(badCursor.headers.get('content-type')).toBe('application/problem+json');
      const colleague = await colleagueDevice({ app: server.bedside.app, db }, owner);
      expect((await colleague.api.get('/api/messages')).status).toBe(403);
      const other = await clinicWithReachablePatient(server.bedside.app, db);
      const theirs = (await (await other.owner.api.get('/api/messages')).json()) as MessageLogPage;
      expect(theirs.messages).toEqual([]);
    });

    it('resends a failed message as a new one, refuses one that did not fail, and 404s another clinic', async () => {
      const { owner, device, patient, email } = await clinicWithReachablePatient(
        server.bedside.app,
        db,
      );
      await setReminderSettings(db, owner.me.clinic.id, oneRule(60));
      await book(device, patient.id, owner.me.user.id, '2026-03-01T08:00:00Z');
      smtp.answer({ refuse: 'rcpt', code: 550, message: 'No such user' });
      clock.advance(60 * 60_000);
      await server.tick();
      smtp.answer({ accept: true });
      const log = (await (await owner.api.get('/api/messages')).json()) as MessageLogPage;
      const failed = log.messages[0];
      expect(failed).toMatchObject({ status: 'failed', kind: 'reminder' });

      const other = await clinicWithReachablePatient(server.bedside.app, db);
      const foreign = await other.owner.api.post(`/api/messages/${failed?.id}/resend`);
      expect(foreign.status).toBe(404);
      expect((await other.owner.api.post('/api/messages/not-an-id/resend')).status).toBe(404);
      const colleague = await colleagueDevice({ app: server.bedside.app, db }, owner);
      expect((await colleague.api.post(`/api/messages/${failed?.id}/resend`)).status).toBe(403);

      const before = smtp.messages.length;
      const response = await owner.api.post(`/api/messages/${failed?.id}/resend`);
      expect(response.status).toBe(200);
      const resent = (await response.json()) as MessageLogEntry;
      const [message] = (await smtp.waitFor(before + 1)).slice(before);
      expect(message?.to).toMatchObject({ text: email });
      expect(resent).toMatchObject({
        kind: 'reminder',
        status: 'sent',
        appointmentId: failed?.appointmentId,
        ruleId: failed?.ruleId,
        smtpMessageId: message?.messageId,
      });
      expect(resent.id).not.toBe(failed?.id);
      expect(await audited(owner.me.clinic.id, 'messages.resend')).toEqual([
        { entity: 'messages', entityIds: [failed?.id, resent.id] },
      ]);

      const again = await owner.api.post(`/api/messages/${resent.id}/resend`);
      expect(again.status).toBe(409);
      expect(await again.json()).toMatchObject({
        type: problemType('conflict'),
        title: 'Only a message that failed can be resent.',
      });
      await giveConsent(db, patient.id, false);
      const noConsent = await owner.api.post(`/api/messages/${failed?.id}/resend`);
      expect(noConsent.status).toBe(409);
      expect(smtp.messages.length).toBe(before + 1);
    });
  });

  describe('GET /api/appointments/:id/reminders', () => {
    it('shows any member what was sent and what is planned, with a skip known now', async () => {
      const { owner, device, patient } = await clinicWithReachablePatient(server.bedside.app, db);
      const rules = [
        { id: uuidv7(), enabled: true, minutesBefore: 60, appointmentTypeId: null },
        { id: uuidv7(), enabled: true, minutesBefore: 24 * 60, appointmentTypeId: null },
        { id: uuidv7(), enabled: false, minutesBefore: 120, appointmentTypeId: null },
      ];
      await setReminderSettings(db, owner.me.clinic.id, { rules });
      const appointment = await book(device, patient.id, owner.me.user.id, monday9);
      clock.advance(2 * 3_600_000);
      await server.tick();

      const colleague = await colleagueDevice({ app: server.bedside.app, db }, owner);
      const response = await colleague.api.get(`/api/appointments/${appointment.id}/reminders`);
      expect(response.status).toBe(200);
      const reminders = (await response.json()) as AppointmentReminders;
      expect(reminders.messages).toEqual([
        expect.objectContaining({ kind: 'reminder', status: 'sent', ruleId: rules[1]?.id }),
      ]);
      expect(reminders.planned).toEqual([
        { ruleId: rules[0]?.id, minutesBefore: 60, sendAt: '2026-03-02T07:00:00.000Z', skip: null },
      ]);

      await giveConsent(db, patient.id, false);
      const later = (await (
        await owner.api.get(`/api/appointments/${appointment.id}/reminders`)
      ).json()) as AppointmentReminders;
      expect(later.planned.map((p) => p.skip)).toEqual(['no-consent']);

      const other = await clinicWithReachablePatient(server.bedside.app, db);
      const foreign = await other.owner.api.get(`/api/appointments/${appointment.id}/reminders`);
      expect(foreign.status).toBe(404);
      expect(await foreign.json()).toMatchObject({ type: problemType('not-found') });
    });
  });
});
