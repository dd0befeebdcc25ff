import { describe, expect, it } from 'vitest';
import { phiTables } from '../phi/phi-fields.ts';
import { sql } from '../storage/sql.ts';
import { clinicWithPatient, serverPatient } from '../../test/test-app.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { openedRows } from '../../test/phi-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

const details = {
  address: '1 Main St\nSpringfield',
  emergencyName: 'Bo Lee',
  emergencyRelationship: 'Brother',
  emergencyPhone: '+1 555 0199',
};

describe.each(dbKinds)('patient details on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('creates a patient with an address, an emergency contact and allergies, and pulls them', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, {
      ...details,
      allergies: [' Penicillin', 'latex', 'PENICILLIN', ''],
    });
    const expected = { ...details, allergies: ['Penicillin', 'latex'], version: 1 };
    expect(patient).toMatchObject(expected);
    expect(await serverPatient(device, patient.id)).toMatchObject(expected);
  });

  it('leaves unrecorded details null and keeps "no known allergies" apart from "not recorded"', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    expect(patient).toMatchObject({
      address: null,
      emergencyName: null,
      emergencyRelationship: null,
      emergencyPhone: null,
      allergies: null,
    });
    const { body } = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { allergies: [] } },
      },
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { allergies: [], version: 2 },
    });
    expect((await serverPatient(device, patient.id))?.allergies).toEqual([]);
  });

  it('updates the details, and ignores an allergy list sent unchanged', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, { allergies: ['Latex'] });
    const same = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { allergies: ['Latex'] } },
      },
    ]);
    expect(same.body.results[0]).toMatchObject({ status: 'applied', row: { version: 1 } });

    const { body } = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { ...details, emergencyPhone: '' } },
      },
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { ...details, emergencyPhone: null, allergies: ['Latex'], version: 2 },
    });
    expect(await serverPatient(device, patient.id)).toMatchObject({
      ...details,
      emergencyPhone: null,
    });
  });

  it('merges the allergy list as one field: the later list wins whole, the other is kept', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app, {
      allergies: ['Latex'],
    });
    const other = await colleagueDevice(bedside, owner);

    await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { allergies: ['Latex', 'Penicillin'] } },
      },
    ]);
    const late = await other.push([
      {
        name: 'patient.update',
        args: {
          id: patient.id,
          baseVersion: 1,
          fields: { allergies: ['Latex', 'Peanuts'], address: 'Flat 2' },
        },
      },
    ]);
    expect(late.body.results[0]).toMatchObject({
      status: 'conflict',
      row: { allergies: ['Latex', 'Peanuts'], address: 'Flat 2', version: 3 },
      overwrites: [{ field: 'allergies', keptValue: ['Latex', 'Penicillin'] }],
    });
    expect((await serverPatient(device, patient.id))?.allergies).toEqual(['Latex', 'Peanuts']);

    const stored = await bedside.db.many<{ field: string; newValue: unknown }>(sql`
      SELECT field, new_value AS "newValue" FROM field_history
      WHERE row_id = ${patient.id} AND field = 'allergies' ORDER BY version`);
    const history = await openedRows(bedside.db, patient.clinicId, phiTables.fieldHistory, stored);
    expect(history).toEqual([
      { field: 'allergies', newValue: ['Latex', 'Penicillin'] },
      { field: 'allergies', newValue: ['Latex', 'Peanuts'] },
    ]);
  });

  it('refuses bad details with the same sentences the device shows', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const { body } = await device.push([
      {
        name: 'patient.update',
        args: {
          id: patient.id,
          baseVersion: 1,
          fields: { emergencyPhone: 'ring his mum', allergies: ['x'.repeat(201)] },
        },
      },
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        issues: [
          {
            field: 'fields.emergencyPhone',
            message: 'Emergency contact phone may contain only digits, spaces and + ( ) . / -',
          },
          { field: 'fields.allergies.0', message: 'Each allergy must be at most 200 characters.' },
        ],
      },
    });
  });
});
