import { describe, expect, it } from 'vitest';
import { newAppointment, appointmentCancel } from '../../test/appointment-helpers.ts';
import { newPhoto } from '../../test/photo-helpers.ts';
import { colleagueDevice } from '../../test/push-helpers.ts';
import {
  ApiClient,
  clinicWithPatient,
  clinicWithTemplate,
  Device,
  migratedDb,
  newPatient,
  newRecord,
  recordUpdate,
  byId,
  signUp,
  startBedside,
  testMasterKey,
  testPhiKeys,
} from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';
import type { Db } from '../storage/db.ts';
import { raw, sql } from '../storage/sql.ts';
import { masterKeyId, newKey } from './envelope.ts';
import { phiTables } from './phi-fields.ts';
import { masterKeys } from './phi-keys.ts';
import { rewrapDataKeys } from './rewrap-data-keys.ts';
import { sealExistingValues } from './seal-existing.ts';

/** Every sealed column of one clinic, as stored: `table.column` → its non-null values. */
async function storedPhi(db: Db, clinicId: string): Promise<Map<string, string[]>> {
  const stored = new Map<string, string[]>();
  for (const table of Object.values(phiTables)) {
    for (const { column } of table.fields) {
      const rows = await db.many<{ value: string }>(sql`
        SELECT ${raw(`"${column}"`)}::text AS value FROM ${raw(`"${table.sqlTable}"`)}
        WHERE clinic_id = ${clinicId} AND ${raw(`"${column}"`)} IS NOT NULL`);
      stored.set(
        `${table.sqlTable}.${column}`,
        rows.map((row) => row.value),
      );
    }
  }
  return stored;
}

describe.each(dbKinds)('PHI at rest on %s', (kind) => {
  it('stores every sealed column as ciphertext and gives the plaintext back to devices', async () => {
    const db = await migratedDb(kind);
    const bedside = startBedside(db);
    try {
      const { owner, device, patient, versionId } = await clinicWithTemplate(bedside.app);
      const clinicId = owner.me.clinic.id;
      const colleague = await colleagueDevice({ app: bedside.app, db }, owner);
      const details = {
        phone: '+1 (555) 0199-7731',
        address: 'PHI-address 12 Quay Street',
        emergencyName: 'PHI-emergency Grace',
        emergencyRelationship: 'PHI-relationship sister',
        emergencyPhone: '+1 (555) 0100-4242',
        allergies: ['PHI-allergy latex'],
      };
      const update = (fields: Record<string, unknown>, baseVersion = 1) => ({
        name: 'patient.update',
        args: { id: patient.id, baseVersion, fields },
      });
      await device.push([update({ ...details, notes: 'PHI-notes first' })]);
      // The same field edited on two devices from one base: a conflict, with the loser kept.
      await colleague.push([update({ notes: 'PHI-notes winner' }, 1)]);

      const create = newRecord(patient.id, versionId, { complaint: 'PHI-complaint knee' });
      const recordId = create.args.id;
      const photo = newPhoto(patient.id, undefined, { description: 'PHI-photo wound edge' });
      const appointment = newAppointment(patient.id, owner.me.user.id, {
        reason: 'PHI-reason review',
        notes: 'PHI-appointment notes',
      });
      const results = await device.push([
        create,
        recordUpdate(recordId, 1, { notes: 'PHI-record notes' }),
        byId('record.finalize', recordId),
        {
          name: 'addendum.create',
          args: { id: crypto.randomUUID(), recordId, text: 'PHI-addendum' },
        },
        photo,
        appointment,
        appointmentCancel(appointment.args.id, 1, 'PHI-cancel reason'),
      ]);
      expect(results.body.results.map((r) => r.status)).toEqual(Array(7).fill('applied'));

      const stored = await storedPhi(db, clinicId);
      for (const [column, values] of stored) {
        expect(values.length, `${column} holds something`).toBeGreaterThan(0);
        for (const value of values) {
          expect(value, column).toMatch(/^enc1:[0-9a-f-]{36}:[A-Za-z0-9+/]+=*$/);
          for (const plain of ['PHI-', '0199-7731', '0100-4242'])
            expect(value, column).not.toContain(plain);
        }
      }

      const pulled = await new Device(owner.api).pullAll();
      expect(pulled.patients.find((p) => p.id === patient.id)).toMatchObject({
        ...details,
        notes: 'PHI-notes winner',
      });
      expect(pulled.conflicts).toEqual([
        expect.objectContaining({ keptValue: 'PHI-notes first', winningValue: 'PHI-notes winner' }),
      ]);
      expect(pulled.records.find((r) => r.id === recordId)?.data).toEqual({
        complaint: 'PHI-complaint knee',
        notes: 'PHI-record notes',
      });
      expect(pulled.addenda.map((a) => a.text)).toEqual(['PHI-addendum']);
      expect(pulled.photos.map((p) => p.description)).toEqual(['PHI-photo wound edge']);
      expect(pulled.appointments[0]).toMatchObject({
        reason: 'PHI-reason review',
        notes: 'PHI-appointment notes',
        cancelReason: 'PHI-cancel reason',
      });
      const history = await owner.api.get(`/api/records/${recordId}/history`);
      expect(JSON.stringify(await history.json())).toContain('PHI-record notes');
    } finally {
      await bedside.close();
      await db.close();
    }
  });

  it("cannot open a value under another clinic's key, or in another column", async () => {
    const db = await migratedDb(kind);
    const bedside = startBedside(db);
    try {
      const a = await clinicWithPatient(bedside.app, { notes: 'PHI-notes of A' });
      const b = await clinicWithPatient(bedside.app, { notes: 'PHI-notes of B' });
      const [sealed] = await db.many<{ notes: string }>(
        sql`SELECT notes FROM patients WHERE id = ${a.patient.id}`,
      );
      if (!sealed) throw new Error('no row');
      const phi = testPhiKeys();
      const ofA = await phi.opener(db, a.owner.me.clinic.id);
      expect(ofA.open('patients', 'notes', sealed.notes)).toBe('PHI-notes of A');
      expect(() => ofA.open('patients', 'phone', sealed.notes)).toThrow();
      expect(() => ofA.open('appointments', 'notes', sealed.notes)).toThrow();
      const ofB = await phi.opener(db, b.owner.me.clinic.id);
      expect(() => ofB.open('patients', 'notes', sealed.notes)).toThrow();
      // Moved into B's row by someone with the database, it does not read there either.
      await db.many(sql`UPDATE patients SET notes = ${sealed.notes} WHERE id = ${b.patient.id}`);
      expect((await b.device.pull()).status).toBe(500);
    } finally {
      await bedside.close();
      await db.close();
    }
  });

  it('reads the same after the master key is rotated, with only the new key', async () => {
    const db = await migratedDb(kind);
    const before = startBedside(db);
    const next = newKey();
    const after = startBedside(db, { phi: testPhiKeys(next) });
    try {
      const { owner, device, patient } = await clinicWithPatient(before.app, {
        notes: 'PHI-notes kept through rotation',
      });
      const read = async (app: typeof before.app) => {
        const { body, status } = await new Device(new ApiClient(app, owner.api.cookie)).pull();
        return status === 200 ? body.changes.patients?.find((p) => p.id === patient.id) : status;
      };
      expect(await read(before.app)).toMatchObject({ notes: 'PHI-notes kept through rotation' });
      // A server given only the new key cannot read until the data keys are re-wrapped.
      expect(await read(after.app)).toBe(500);

      expect(await rewrapDataKeys(db, masterKeys(next, [testMasterKey]), () => new Date())).toBe(1);
      const wrappedBy = await db.many<{ id: string }>(
        sql`SELECT master_key_id AS id FROM data_keys`,
      );
      expect(wrappedBy).toEqual([{ id: masterKeyId(next) }]);
      // Nothing left to re-wrap: a second run changes nothing.
      expect(await rewrapDataKeys(db, masterKeys(next, [testMasterKey]), () => new Date())).toBe(0);

      expect(await read(after.app)).toMatchObject({ notes: 'PHI-notes kept through rotation' });
      // The server that had the data key already keeps working throughout, writes included.
      await device.push([
        {
          name: 'patient.update',
          args: { id: patient.id, baseVersion: 1, fields: { phone: '+1 555 9999' } },
        },
      ]);
      expect(await read(after.app)).toMatchObject({ phone: '+1 555 9999' });
    } finally {
      await before.close();
      await after.close();
      await db.close();
    }
  });

  it('reads rows written before encryption, and seals them when written or by encrypt-existing', async () => {
    const db = await migratedDb(kind);
    const bedside = startBedside(db);
    try {
      const owner = await signUp(bedside.app);
      const device = new Device(owner.api);
      const first = newPatient({ notes: 'x' });
      const second = newPatient({ notes: 'y' });
      await device.push([first, second]);
      // As an upgraded server has them: clear text, and JSON as text.
      await db.many(sql`
        UPDATE patients SET notes = 'Legacy notes', allergies = '["Legacy penicillin"]'
        WHERE id = ANY(${[first.args.id, second.args.id]}::uuid[])`);
      const pulled = await new Device(owner.api).pullAll();
      expect(pulled.patients.map((p) => [p.notes, p.allergies])).toEqual([
        ['Legacy notes', ['Legacy penicillin']],
        ['Legacy notes', ['Legacy penicillin']],
      ]);

      // Written again: sealed.
      await device.push([
        {
          name: 'patient.update',
          args: { id: first.args.id, baseVersion: 1, fields: { familyName: 'New' } },
        },
      ]);
      const notesOf = async (id: string) =>
        (
          await db.many<{ notes: string; version: number; changeSeq: number }>(sql`
          SELECT notes, version, change_seq AS "changeSeq" FROM patients WHERE id = ${id}`)
        )[0];
      expect((await notesOf(first.args.id))?.notes).toMatch(/^enc1:/);
      const untouched = await notesOf(second.args.id);
      expect(untouched?.notes).toBe('Legacy notes');

      const counts = await sealExistingValues(db, testPhiKeys(), 1);
      expect(counts['patients.notes']).toBe(1);
      // The first row's allergies were sealed when it was written.
      expect(counts['patients.allergies']).toBe(1);
      const sealed = await notesOf(second.args.id);
      expect(sealed?.notes).toMatch(/^enc1:/);
      // The value devices hold did not change, so neither did its version or change number.
      expect([sealed?.version, sealed?.changeSeq]).toEqual([
        untouched?.version,
        untouched?.changeSeq,
      ]);
      const again = await new Device(owner.api).pullAll();
      expect(again.patients.find((p) => p.id === second.args.id)).toMatchObject({
        notes: 'Legacy notes',
        allergies: ['Legacy penicillin'],
      });
      expect(Object.values(await sealExistingValues(db, testPhiKeys())).every((n) => n === 0)).toBe(
        true,
      );
    } finally {
      await bedside.close();
      await db.close();
    }
  });
});
