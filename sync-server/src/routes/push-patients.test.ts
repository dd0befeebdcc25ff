import { describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { phiTables } from '../phi/phi-fields.ts';
import { sql } from '../storage/sql.ts';
import {
  Device,
  newPatient,
  signUp,
  clinicWithPatient,
  serverPatient,
} from '../../test/test-app.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { openedRows } from '../../test/phi-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('patient mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('merges edits of different fields made on two devices from the same version', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const tablet = new Device(owner.api);
    const phone = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { phone: '555 0100' } },
      },
    ]);
    expect(phone.body.results[0]?.status).toBe('applied');
    const notes = await tablet.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { notes: 'Allergic to latex' } },
      },
    ]);
    expect(notes.body.results[0]).toMatchObject({
      status: 'applied',
      row: { phone: '555 0100', notes: 'Allergic to latex', version: 3 },
    });
    expect((await device.pullAll()).conflicts).toEqual([]);
  });

  it('lets the later arrival win a same-field edit, keeps the loser and tells both devices', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const other = await colleagueDevice(bedside, owner);

    await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { phone: '111' } },
      },
    ]);
    const late = await other.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { phone: '222', notes: 'n' } },
      },
    ]);
    const result = late.body.results[0];
    expect(result?.status).toBe('conflict');
    expect(result?.row).toMatchObject({ id: patient.id, phone: '222', notes: 'n', version: 3 });
    expect(result?.overwrites).toEqual([
      { field: 'phone', keptValue: '111', keptBy: owner.me.user.id, keptAt: expect.any(String) },
    ]);

    for (const d of [device, other]) {
      const { patients, conflicts } = await d.pullAll();
      expect(patients.find((p) => p.id === patient.id)?.phone).toBe('222');
      expect(conflicts).toEqual([
        expect.objectContaining({
          entity: 'patients',
          rowId: patient.id,
          field: 'phone',
          keptValue: '111',
          keptBy: owner.me.user.id,
          winningValue: '222',
          winningBy: result?.row?.updatedBy,
          deletedAt: null,
        }),
      ]);
    }
    const stored = await bedside.db.many<{
      field: string;
      oldValue: unknown;
      newValue: unknown;
    }>(sql`
      SELECT field, old_value AS "oldValue", new_value AS "newValue" FROM field_history WHERE row_id = ${patient.id} ORDER BY version, field`);
    const history = await openedRows(
      bedside.db,
      owner.me.clinic.id,
      phiTables.fieldHistory,
      stored,
    );
    expect(history).toEqual([
      { field: 'phone', oldValue: null, newValue: '111' },
      { field: 'notes', oldValue: null, newValue: 'n' },
      { field: 'phone', oldValue: '111', newValue: '222' },
    ]);
  });

  it("does not count a device's own earlier edit in the same batch as a conflict", async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const { body } = await device.push([
      { name: 'patient.update', args: { id: patient.id, baseVersion: 1, fields: { phone: '1' } } },
      { name: 'patient.update', args: { id: patient.id, baseVersion: 1, fields: { phone: '2' } } },
    ]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
    expect((await serverPatient(device, patient.id))?.phone).toBe('2');
  });

  it('ignores fields sent with the value they already have', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, { phone: '123' });
    const { body } = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { phone: '123' } },
      },
    ]);
    expect(body.results[0]).toMatchObject({ status: 'applied', row: { version: 1 } });
  });

  it('never resurrects a deleted patient with an update; restore brings it back', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const deleted = await device.push([{ name: 'patient.delete', args: { id: patient.id } }]);
    expect(deleted.body.results[0]?.row).toMatchObject({
      version: 2,
      deletedAt: expect.any(String),
    });
    const again = await device.push([{ name: 'patient.delete', args: { id: patient.id } }]);
    expect(again.body.results[0]).toMatchObject({ status: 'applied', row: { version: 2 } });

    const update = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { notes: 'late edit' } },
      },
    ]);
    expect(update.body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('deleted'),
        title: 'This patient was deleted on another device. Restore it to apply your change.',
      },
    });
    const tombstone = await serverPatient(device, patient.id);
    expect(tombstone).toMatchObject({
      version: 2,
      notes: null,
      deletedAt: expect.any(String),
      deletedBy: patient.createdBy,
    });

    const restored = await device.push([{ name: 'patient.restore', args: { id: patient.id } }]);
    expect(restored.body.results[0]).toMatchObject({
      status: 'applied',
      row: { version: 3, deletedAt: null, deletedBy: null },
    });
    expect((await serverPatient(device, patient.id))?.deletedAt).toBeNull();
  });

  it('keeps identifiers unique among live patients', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, { identifier: 'MRN-7' });
    const clash = await device.push([newPatient({ identifier: 'MRN-7' })]);
    expect(clash.body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('duplicate-identifier'),
        detail: 'Identifier MRN-7 is already used by another patient.',
      },
    });
    const other = newPatient({ identifier: 'MRN-8' });
    await device.push([other]);
    const update = await device.push([
      {
        name: 'patient.update',
        args: { id: other.args.id, baseVersion: 1, fields: { identifier: 'MRN-7' } },
      },
    ]);
    expect(update.body.results[0]?.problem).toMatchObject({
      type: problemType('duplicate-identifier'),
    });

    // Once the holder is deleted the identifier is free; restoring the holder then clashes.
    await device.push([{ name: 'patient.delete', args: { id: patient.id } }]);
    const reuse = newPatient({ identifier: 'MRN-7' });
    expect((await device.push([reuse])).body.results[0]?.status).toBe('applied');
    const restore = await device.push([{ name: 'patient.restore', args: { id: patient.id } }]);
    expect(restore.body.results[0]?.problem).toMatchObject({
      type: problemType('duplicate-identifier'),
    });
    expect((await serverPatient(device, patient.id))?.deletedAt).not.toBeNull();
  });

  it('moves identifiers between patients within one batch', async () => {
    const owner = await signUp(bedside.app);
    const device = new Device(owner.api);
    const a = newPatient({ identifier: 'A' });
    const b = newPatient({ identifier: 'B' });
    await device.push([a, b]);
    const { body } = await device.push([
      {
        name: 'patient.update',
        args: { id: a.args.id, baseVersion: 1, fields: { identifier: 'TMP' } },
      },
      {
        name: 'patient.update',
        args: { id: b.args.id, baseVersion: 1, fields: { identifier: 'A' } },
      },
      {
        name: 'patient.update',
        args: { id: a.args.id, baseVersion: 1, fields: { identifier: 'B' } },
      },
      { name: 'patient.delete', args: { id: b.args.id } },
      newPatient({ identifier: 'A' }),
    ]);
    expect(body.results.map((r) => r.status)).toEqual([
      'applied',
      'applied',
      'applied',
      'applied',
      'applied',
    ]);
    const live = (await device.pullAll()).patients
      .filter((p) => !p.deletedAt)
      .map((p) => p.identifier)
      .sort();
    expect(live).toEqual(['A', 'B']);
  });

  it('keeps clinics apart: another clinic cannot read, update, delete, restore or reuse ids', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, { identifier: 'SECRET-1' });
    await device.push([{ name: 'patient.delete', args: { id: patient.id } }]);
    const intruder = new Device((await signUp(bedside.app, 'intruder')).api);
    const { body } = await intruder.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 2, fields: { notes: 'mine now' } },
      },
      { name: 'patient.delete', args: { id: patient.id } },
      { name: 'patient.restore', args: { id: patient.id } },
      { name: 'patient.create', args: { id: patient.id, givenName: 'Eve', familyName: 'Spy' } },
      newPatient({ familyName: 'Spy', identifier: 'SECRET-1' }),
    ]);
    expect(body.results.map((r) => r.problem?.type ?? r.status)).toEqual([
      problemType('not-found'),
      problemType('not-found'),
      problemType('not-found'),
      problemType('conflict'),
      'applied',
    ]);
    expect(JSON.stringify(body)).not.toContain('Lovelace');
    const theirs = await intruder.pullAll();
    expect(theirs.patients.map((p) => p.id)).not.toContain(patient.id);
    expect(await serverPatient(device, patient.id)).toMatchObject({
      version: 2,
      notes: null,
      givenName: 'Ada',
    });
  });
});
