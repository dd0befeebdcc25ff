import { describe, expect, it } from 'vitest';
import { uuidv7 } from 'uuidv7';
import { problemType } from '@bedside/shared';
import { sql } from '../storage/sql.ts';
import {
  clinicWithPatient,
  Device,
  newPatient,
  signUp,
  serverPatient,
} from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('push on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('creates a patient and answers with the server row', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const create = newPatient({
      birthDate: '1915-12-10',
      sex: 'female',
      identifier: 'MRN-1',
      phone: '+44 20 7946 0000',
    });
    const { status, body } = await device.push([create]);
    expect(status).toBe(200);
    expect(body.lastSeq).toBe(1);
    expect(body.results).toEqual([
      expect.objectContaining({
        seq: 1,
        status: 'applied',
        row: expect.objectContaining({ version: 1 }),
      }),
    ]);
    const row = await serverPatient(device, create.args.id);
    expect(row).toMatchObject({
      id: create.args.id,
      clinicId: owner.me.clinic.id,
      givenName: 'Ada',
      familyName: 'Lovelace',
      birthDate: '1915-12-10',
      sex: 'female',
      identifier: 'MRN-1',
      phone: '+44 20 7946 0000',
      email: null,
      notes: null,
      createdBy: owner.me.user.id,
      updatedBy: owner.me.user.id,
      version: 1,
      deletedAt: null,
      deletedBy: null,
    });
    expect(row?.changeSeq).toBeGreaterThan(0);
    expect(new Date(row?.createdAt ?? '').toISOString()).toBe(row?.createdAt);
  });

  it('skips a replayed batch as duplicates and changes nothing twice', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const batch = [
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { notes: 'first visit' } },
      },
      newPatient(),
    ];
    const first = await device.push(batch, 2);
    expect(first.body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    const before = await device.pullAll();

    const replay = await device.push(batch, 2);
    expect(replay.status).toBe(200);
    expect(replay.body).toMatchObject({ lastSeq: 3 });
    expect(replay.body.results.map((r) => [r.seq, r.status])).toEqual([
      [2, 'duplicate'],
      [3, 'duplicate'],
    ]);
    const after = await device.pullAll();
    expect(after.patients).toEqual(before.patients);
    expect((await device.pull(before.cursor)).body.changes.patients).toEqual([]);
  });

  it('answers a gap with 409 seq-gap and lastSeq, applying nothing', async () => {
    const { device } = await clinicWithPatient(bedside.app);
    const before = await device.pullAll();
    const create = newPatient();
    const gap = await device.push([create], 4);
    expect(gap.status).toBe(409);
    expect(gap.body).toMatchObject({ type: problemType('seq-gap'), status: 409, lastSeq: 1 });
    expect((await device.pull(before.cursor)).body.changes.patients).toEqual([]);
    // Resent from lastSeq + 1, it goes through.
    expect((await device.push([create], 2)).body.results[0]?.status).toBe('applied');
  });

  it('rejects bad mutations alone: the ones behind them apply and lastSeq covers them', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const good = newPatient();
    const later = newPatient({ familyName: 'Byron' });
    const { status, body } = await device.push([
      good,
      { name: 'patient.create', args: { id: uuidv7(), givenName: '', familyName: 'X' } },
      { name: 'patient.teleport', args: { id: uuidv7() } },
      {
        name: 'patient.update',
        args: { id: uuidv7(), baseVersion: 1, fields: { notes: 'ghost' } },
      },
      later,
    ]);
    expect(status).toBe(200);
    expect(body.lastSeq).toBe(5);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'rejected',
      'rejected',
      'rejected',
      'applied',
    ]);
    expect(body.results[1]?.problem).toMatchObject({
      type: problemType('validation'),
      issues: [{ field: 'givenName', message: 'Given name is required.' }],
    });
    expect(body.results[2]?.problem).toMatchObject({ type: problemType('unknown-mutation') });
    expect(body.results[3]?.problem).toMatchObject({ type: problemType('not-found') });
    const { patients } = await device.pullAll();
    expect(patients.map((p) => p.id).sort()).toEqual([good.args.id, later.args.id].sort());
    expect((await device.push([newPatient()])).body.results[0]?.seq).toBe(6);
  });

  it('refuses an update from a base version the server never had', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const { body } = await device.push([
      { name: 'patient.update', args: { id: patient.id, baseVersion: 9, fields: { notes: 'x' } } },
    ]);
    expect(body.results[0]?.problem).toMatchObject({ type: problemType('conflict') });
  });

  it('answers another schema version with 409 schema-version', async () => {
    const owner = await signUp(bedside.app);
    const response = await owner.api.post('/api/sync/push', {
      clientId: uuidv7(),
      schemaVersion: 999,
      mutations: [],
    });
    expect(response.status).toBe(409);
    expect(await response.json()).toMatchObject({ type: problemType('schema-version') });
  });

  it('applies pushes from two devices at once without losing either', async () => {
    const owner = await signUp(bedside.app);
    const devices = [new Device(owner.api), new Device(owner.api), new Device(owner.api)];
    const results = await Promise.all(devices.map((d) => d.push([newPatient(), newPatient()])));
    expect(results.map((r) => r.status)).toEqual([200, 200, 200]);
    const { patients } = await devices[0]!.pullAll();
    expect(patients).toHaveLength(6);
    expect(new Set(patients.map((p) => p.changeSeq)).size).toBe(6);
  });

  it('audits each applied mutation with ids only', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { notes: 'private note' } },
      },
      { name: 'patient.delete', args: { id: uuidv7() } },
    ]);
    const events = await bedside.db.many<{
      action: string;
      entityIds: string[];
      userId: string;
      requestId: string;
    }>(sql`
      SELECT action, entity_ids AS "entityIds", user_id AS "userId", request_id AS "requestId"
      FROM audit_events WHERE clinic_id = ${owner.me.clinic.id} AND action LIKE 'patient.%' ORDER BY at, action`);
    expect(events.map((e) => [e.action, e.entityIds])).toEqual([
      ['patient.create', [patient.id]],
      ['patient.update', [patient.id]],
    ]);
    expect(events.every((e) => e.userId === owner.me.user.id && e.requestId.length > 0)).toBe(true);
  });
});
