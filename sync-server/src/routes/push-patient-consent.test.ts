import { describe, expect, it } from 'vitest';
import { phiTables } from '../phi/phi-fields.ts';
import { sql } from '../storage/sql.ts';
import { clinicWithPatient, serverPatient } from '../../test/test-app.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { openedRows } from '../../test/phi-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('reminder consent on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('is off for a patient created without it, and pulls as off', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    expect(patient).toMatchObject({ reminderConsent: false });
    expect(await serverPatient(device, patient.id)).toMatchObject({ reminderConsent: false });
  });

  it('is stored as sent on a create, and turned off and on by updates', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app, { reminderConsent: true });
    expect(await serverPatient(device, patient.id)).toMatchObject({ reminderConsent: true });

    const off = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { reminderConsent: false } },
      },
    ]);
    expect(off.body.results[0]).toMatchObject({
      status: 'applied',
      row: { reminderConsent: false, version: 2 },
    });
    const column = await bedside.db.many<{ consent: boolean }>(
      sql`SELECT reminder_consent AS consent FROM patients WHERE id = ${patient.id}`,
    );
    expect(column).toEqual([{ consent: false }]);

    await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 2, fields: { reminderConsent: true } },
      },
    ]);
    expect(await serverPatient(device, patient.id)).toMatchObject({
      reminderConsent: true,
      version: 3,
    });
    const stored = await bedside.db.many<{ newValue: unknown }>(sql`
      SELECT new_value AS "newValue" FROM field_history
      WHERE row_id = ${patient.id} AND field = 'reminderConsent' ORDER BY version`);
    const history = await openedRows(bedside.db, patient.clinicId, phiTables.fieldHistory, stored);
    expect(history).toEqual([{ newValue: false }, { newValue: true }]);
  });

  it('refuses anything but on or off with the sentence the device shows', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const { body } = await device.push([
      {
        name: 'patient.update',
        args: { id: patient.id, baseVersion: 1, fields: { reminderConsent: 'yes' } },
      },
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        issues: [
          { field: 'fields.reminderConsent', message: 'May receive reminders must be on or off.' },
        ],
      },
    });
  });
});
