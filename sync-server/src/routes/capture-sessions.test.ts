import { uuidv7 } from 'uuidv7';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import {
  connectedPhone,
  createCaptureSession,
  newCaptureSession,
  Phone,
} from '../../test/capture-helpers.ts';
import { sha256Hex } from '../../test/photo-helpers.ts';
import {
  byId,
  clinicWithPatient,
  clinicWithRecord,
  migratedDb,
  newPatient,
  startBedside,
  testClock,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { sql } from '../storage/sql.ts';

const minutes = 60_000;

describe.each(dbKinds)('capture sessions of a desktop on %s', (kind) => {
  let db: Db;
  let bedside: ReturnType<typeof startBedside>;
  // On a whole second: the disk driver's upload tokens count expiry in seconds.
  const clock = testClock(Math.floor(Date.now() / 1000) * 1000);
  beforeAll(async () => {
    db = await migratedDb(kind);
    bedside = startBedside(db, { clock, lanAddresses: () => ['192.168.1.20'] });
  });
  afterAll(async () => {
    await bedside.close();
    await db.close();
  });

  const at = (offsetMs: number) => new Date(clock().getTime() + offsetMs).toISOString();

  async function auditRows(id: string) {
    return db.many<{ action: string; entity: string }>(
      sql`SELECT action, entity FROM audit_events WHERE ${id}::uuid = ANY(entity_ids)
          ORDER BY id`,
    );
  }

  it('creates a waiting session with a single-use code, of which it keeps only the hash', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { status, body } = await createCaptureSession(owner.api, { patientId: patient.id });

    expect(status).toBe(201);
    expect(body.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // 43 base64url characters carry 258 bits: the 32 random bytes.
    expect(Buffer.from(body.token, 'base64url')).toHaveLength(32);
    expect(body).toEqual({
      session: {
        id: expect.any(String),
        patientId: patient.id,
        recordId: null,
        state: 'waiting',
        tokenExpiresAt: at(10 * minutes),
        openedAt: null,
        expiresAt: null,
        endedAt: null,
        imageLimit: 20,
        photoIds: [],
      },
      token: body.token,
      // The test request came to localhost, which a phone cannot reach: the LAN address instead.
      captureUrl: `http://192.168.1.20/capture/${body.token}`,
      reachableFromPhone: true,
    });

    const [stored] = await db.many<{ json: string; tokenHash: string }>(
      sql`SELECT row_to_json(s)::text AS json, token_hash AS "tokenHash"
          FROM capture_sessions s WHERE id = ${body.session.id}`,
    );
    expect(stored?.tokenHash).toBe(sha256Hex(new TextEncoder().encode(body.token)));
    expect(stored?.json).not.toContain(body.token);
    const again = await newCaptureSession(owner.api, patient.id);
    expect(again.token).not.toBe(body.token);
  });

  it("links through PUBLIC_ORIGIN, else the desktop's own origin, else localhost marked unreachable", async () => {
    const linkOf = async (
      options: Parameters<typeof startBedside>[1],
      origin = 'http://localhost',
    ) => {
      const other = startBedside(db, { clock, ...options });
      const { owner, patient } = await clinicWithPatient(other.app);
      const { body } = await createCaptureSession(owner.api, { patientId: patient.id }, origin);
      await other.close();
      return {
        url: body.captureUrl.replace(body.token, '<token>'),
        reachable: body.reachableFromPhone,
      };
    };

    const config = { publicOrigins: ['https://clinic.example.org'] };
    expect(await linkOf({ config, lanAddresses: () => ['10.0.0.5'] })).toEqual({
      url: 'https://clinic.example.org/capture/<token>',
      reachable: true,
    });
    expect(await linkOf({ lanAddresses: () => ['10.0.0.5'] }, 'http://bedside.lan:3000')).toEqual({
      url: 'http://bedside.lan:3000/capture/<token>',
      reachable: true,
    });
    expect(await linkOf({ lanAddresses: () => [] }, 'http://localhost:3000')).toEqual({
      url: 'http://localhost:3000/capture/<token>',
      reachable: false,
    });
  });

  it("refuses patients and records this clinic's server does not have, in the contract's words", async () => {
    const mine = await clinicWithRecord(bedside.app);
    const theirs = await clinicWithRecord(bedside.app);
    const notOnServer = (what: string) => ({
      type: problemType('not-found'),
      status: 404,
      title: `This ${what} is not on the server yet. Wait until this device has synced, then try again.`,
    });
    const deleted = newPatient();
    const other = newPatient();
    await mine.device.push([deleted, byId('patient.delete', deleted.args.id), other]);

    const refusals = [
      [{ patientId: theirs.patient.id }, 'patient'],
      [{ patientId: uuidv7() }, 'patient'],
      [{ patientId: deleted.args.id }, 'patient'],
      [{ patientId: mine.patient.id, recordId: theirs.record.id }, 'record'],
      [{ patientId: mine.patient.id, recordId: uuidv7() }, 'record'],
      // The clinic's record, but of another of its patients.
      [{ patientId: other.args.id, recordId: mine.record.id }, 'record'],
    ] as const;
    for (const [request, what] of refusals) {
      const { status, body } = await createCaptureSession(mine.owner.api, request);
      expect(status).toBe(404);
      expect(body).toEqual(notOnServer(what));
    }
    const stored = await db.many(
      sql`SELECT id FROM capture_sessions WHERE clinic_id = ${mine.owner.me.clinic.id}`,
    );
    expect(stored).toEqual([]);
  });

  it('refuses a signed record and accepts a draft one', async () => {
    const { owner, device, patient, record } = await clinicWithRecord(bedside.app, {
      complaint: 'Knee',
    });
    const draft = await createCaptureSession(owner.api, {
      patientId: patient.id,
      recordId: record.id,
    });
    expect(draft.status).toBe(201);
    expect(draft.body.session.recordId).toBe(record.id);

    await device.push([byId('record.finalize', record.id)]);
    const signed = await createCaptureSession(owner.api, {
      patientId: patient.id,
      recordId: record.id,
    });
    expect(signed.status).toBe(409);
    expect(signed.body).toEqual({
      type: problemType('record-finalized'),
      status: 409,
      title: "This record is signed; photos can only be added to the patient's photos.",
    });
  });

  it("answers GET with the session, and another clinic's id like an unknown one", async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const created = await newCaptureSession(owner.api, patient.id);
    const response = await owner.api.get(`/api/capture-sessions/${created.session.id}`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual(created.session);

    const intruder = await clinicWithPatient(bedside.app);
    for (const id of [created.session.id, crypto.randomUUID(), 'not-a-uuid']) {
      for (const answer of [
        await intruder.owner.api.get(`/api/capture-sessions/${id}`),
        await intruder.owner.api.post(`/api/capture-sessions/${id}/end`),
        await intruder.owner.api.get(`/api/capture-sessions/${id}/events`),
      ]) {
        expect(answer.status).toBe(404);
        expect(await answer.json()).toMatchObject({
          title: 'This capture session does not exist.',
        });
      }
    }
    const anonymous = await bedside.app.request(`/api/capture-sessions/${created.session.id}`);
    expect(anonymous.status).toBe(401);
  });

  it('ends a session for good: the code no longer opens and the phone is cut off', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const waiting = await newCaptureSession(owner.api, patient.id);
    const { phone, created } = await connectedPhone(bedside.app, owner.api, patient.id);

    for (const session of [waiting.session, created.session]) {
      const ended = await owner.api.post(`/api/capture-sessions/${session.id}/end`);
      expect(ended.status).toBe(200);
      expect(await ended.json()).toMatchObject({ state: 'ended', endedAt: clock().toISOString() });
      const again = await owner.api.post(`/api/capture-sessions/${session.id}/end`);
      expect(await again.json()).toMatchObject({ state: 'ended', endedAt: clock().toISOString() });
    }
    const late = await new Phone(bedside.app).open(waiting.token);
    expect(late.status).toBe(410);
    expect(late.body.type).toBe(problemType('capture-session-ended'));
    const cutOff = await phone.get('/api/capture/session');
    expect(cutOff.status).toBe(410);
    expect(await cutOff.json()).toMatchObject({
      type: problemType('capture-session-ended'),
      title:
        'This capture session was ended on the computer. Start a new one there to send more photos.',
    });
  });

  it('answers the end of an expired session with its expired state', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { session } = await newCaptureSession(owner.api, patient.id);
    clock.advance(10 * minutes);
    const response = await owner.api.post(`/api/capture-sessions/${session.id}/end`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ state: 'expired', endedAt: null });
  });

  it('audits create, open, upload-url, upload and end by id, with the desktop user', async () => {
    const { owner, patient } = await clinicWithPatient(bedside.app);
    const { phone, created } = await connectedPhone(bedside.app, owner.api, patient.id);
    const { photoId, complete } = await phone.send();
    expect(complete.status).toBe(200);
    await owner.api.post(`/api/capture-sessions/${created.session.id}/end`);

    const sessionRows = await auditRows(created.session.id);
    expect(sessionRows.map((row) => row.action)).toEqual([
      'capture.create',
      'capture.open',
      'capture.upload-url',
      'capture.upload',
      'capture.end',
    ]);
    expect(new Set(sessionRows.map((row) => row.entity))).toEqual(new Set(['capture_sessions']));
    expect(await auditRows(photoId)).toEqual([
      { action: 'capture.upload-url', entity: 'photos' },
      { action: 'capture.upload', entity: 'photos' },
    ]);
    const users = await db.many<{ userId: string }>(
      sql`SELECT DISTINCT user_id AS "userId" FROM audit_events
          WHERE ${created.session.id}::uuid = ANY(entity_ids)`,
    );
    expect(users).toEqual([{ userId: owner.me.user.id }]);
  });
});
