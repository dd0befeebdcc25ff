import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { connectedPhone, newCaptureSession, Phone } from '../../test/capture-helpers.ts';
import {
  clinicWithPatient,
  clinicWithRecord,
  migratedDb,
  startBedside,
  testClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

const minutes = 60_000;

describe.each(dbKinds)('a phone opening a capture code on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  const clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock, lanAddresses: () => [] });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const refusedActions = async (sessionId: string) =>
    (
      await db.many<{ action: string }>(
        sql`SELECT action FROM audit_events WHERE ${sessionId}::uuid = ANY(entity_ids)
            AND action = 'capture.open-refused'`,
      )
    ).length;

  it('opens once for two hours, telling the phone only what it needs', async () => {
    const { owner, patient, record } = await clinicWithRecord(bedside.app);
    const created = await newCaptureSession(owner.api, patient.id, record.id);
    const phone = new Phone(bedside.app);
    const { status, body } = await phone.open(created.token);

    expect(status).toBe(200);
    expect(body).toEqual({
      sessionId: created.session.id,
      clinicName: owner.me.clinic.name,
      patientInitials: 'A. L.',
      recordTitle: 'Follow-up',
      imageLimit: 20,
      expiresAt: new Date(clock().getTime() + 120 * minutes).toISOString(),
      uploadedPhotoIds: [],
      credential: expect.stringMatching(/^[A-Za-z0-9_-]{43}$/),
    });
    expect(body.credential).not.toBe(created.token);
    const [stored] = await db.many<{ json: string }>(
      sql`SELECT row_to_json(s)::text AS json FROM capture_sessions s WHERE id = ${body.sessionId}`,
    );
    expect(stored?.json).not.toContain(body.credential);

    const resumed = await phone.get('/api/capture/session');
    expect(resumed.status).toBe(200);
    const { credential: _, ...forPhone } = body;
    expect(await resumed.json()).toEqual(forPhone);
    const desktop = await owner.api.get(`/api/capture-sessions/${created.session.id}`);
    expect(await desktop.json()).toMatchObject({
      state: 'open',
      openedAt: clock().toISOString(),
      expiresAt: forPhone.expiresAt,
    });

    const second = await new Phone(bedside.app).open(created.token);
    expect(second.status).toBe(410);
    expect(second.body).toEqual({
      type: problemType('capture-token-used'),
      status: 410,
      title:
        'This code has already been used. Each code opens once: show a new code on the computer and scan it again.',
    });
  });

  it('lets exactly one of two phones opening the same code at once in', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { token } = await newCaptureSession(owner.api, patient.id);
    const answers = await Promise.all([
      new Phone(bedside.app).open(token),
      new Phone(bedside.app).open(token),
    ]);
    expect(answers.map((answer) => answer.status).sort()).toEqual([200, 410]);
    expect(answers.find((answer) => answer.status === 410)?.body.type).toBe(
      problemType('capture-token-used'),
    );
  });

  it('refuses a code past its 10 minutes, and an unknown or malformed one', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { token, session } = await newCaptureSession(owner.api, patient.id);
    clock.advance(10 * minutes);
    const expired = await new Phone(bedside.app).open(token);
    expect(expired.status).toBe(410);
    expect(expired.body).toEqual({
      type: problemType('capture-token-expired'),
      status: 410,
      title:
        'This code has expired. Codes last 10 minutes: show a new code on the computer and scan it again.',
    });
    expect(await refusedActions(session.id)).toBe(1);

    for (const unknown of ['A'.repeat(43), 'not a code']) {
      const answer = await new Phone(bedside.app).open(unknown);
      expect(answer.status).toBe(404);
      expect(answer.body).toEqual({
        type: problemType('capture-token-unknown'),
        status: 404,
        title: 'This code is not valid. Show a new code on the computer and scan it again.',
      });
    }
  });

  it('refuses a phone signed in to another clinic without using up the code', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const other = await clinicWithPatient(bedside.app);
    const { token, session } = await newCaptureSession(owner.api, patient.id);

    const wrongClinic = await new Phone(bedside.app, other.owner.api.cookie).open(token);
    expect(wrongClinic.status).toBe(403);
    expect(wrongClinic.body).toEqual({
      type: problemType('capture-other-clinic'),
      status: 403,
      title:
        'This code belongs to another clinic than the one signed in on this phone. Nothing was sent.',
    });
    expect(await refusedActions(session.id)).toBe(1);
    expect((await new Phone(bedside.app).open(token)).status).toBe(200);

    const sameClinic = await newCaptureSession(owner.api, patient.id);
    expect((await new Phone(bedside.app, owner.api.cookie).open(sameClinic.token)).status).toBe(
      200,
    );
  });

  it('wants the credential on every other phone route', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    await connectedPhone(bedside.app, owner.api, patient.id);
    const unauthorized = {
      type: problemType('capture-unauthorized'),
      status: 401,
      title:
        'This phone is no longer connected to a capture session. Scan a new code on the computer.',
    };
    const photoPath = `/api/capture/photos/${crypto.randomUUID()}`;
    for (const authorization of [undefined, 'Bearer ' + 'B'.repeat(43), 'Basic abc', 'Bearer']) {
      const headers: Record<string, string> = authorization ? { authorization } : {};
      const phone = new Phone(bedside.app);
      for (const answer of [
        await phone.api.get('/api/capture/session', { headers }),
        await phone.api.post(`${photoPath}/upload-url`, {}, { headers }),
        await phone.api.post(`${photoPath}/complete`, undefined, { headers }),
      ]) {
        expect(answer.status).toBe(401);
        expect(answer.headers.get('www-authenticate')).toBe('Bearer');
        expect(await answer.json()).toEqual(unauthorized);
      }
    }
    // Not even a desktop's own session cookie stands in for the credential.
    const withCookie = await owner.api.get('/api/capture/session');
    expect(withCookie.status).toBe(401);
  });

  it('cuts the phone off after two hours', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { phone } = await connectedPhone(bedside.app, owner.api, patient.id);
    clock.advance(119 * minutes);
    expect((await phone.get('/api/capture/session')).status).toBe(200);
    clock.advance(1 * minutes);
    const expired = await phone.get('/api/capture/session');
    expect(expired.status).toBe(410);
    expect(await expired.json()).toEqual({
      type: problemType('capture-session-expired'),
      status: 410,
      title:
        'This capture session has expired. Sessions last 2 hours: scan a new code on the computer.',
    });
    expect((await phone.send()).asked.status).toBe(410);
  });

  it('never logs a code or a credential; the capture page is logged as /capture/…', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { phone, created } = await connectedPhone(bedside.app, owner.api, patient.id);
    await bedside.app.request(`/capture/${created.token}`, { headers: { accept: 'text/html' } });
    await phone.get('/api/capture/session');
    await phone.send();
    await new Phone(bedside.app).open(created.token);

    const logged = JSON.stringify(bedside.logLines);
    expect(logged).not.toContain(created.token);
    expect(logged).not.toContain(phone.credential);
    expect(bedside.logLines.map((line) => line.path)).toEqual(
      expect.arrayContaining([
        '/capture/…',
        '/api/capture/open',
        '/api/capture/session',
        expect.stringMatching(/^\/api\/capture\/photos\/[\w-]+\/complete$/),
      ]),
    );
  });
});
