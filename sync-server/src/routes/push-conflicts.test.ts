import { describe, expect, it } from 'vitest';
import { sql } from '../storage/sql.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import {
  clinicWithPatient,
  clinicWithRecord,
  clinicWithTemplate,
  Device,
  recordUpdate,
} from '../../test/test-app.ts';
import { newPhoto } from '../../test/photo-helpers.ts';
import { dbKinds } from '../../test/test-db.ts';

const patientUpdate = (id: string, baseVersion: number, fields: Record<string, unknown>) => ({
  name: 'patient.update',
  args: { id, baseVersion, fields },
});

// A conflict is a change by another device since the base. Both devices here belong to one
// user (a clinician's phone and tablet): the device, not the user, decides.
describe.each(dbKinds)('conflicts between devices on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it("does not report a device's second edit of a field on an old base as overwriting itself", async () => {
    const { owner, device: a, patient } = await clinicWithPatient(bedside.app);
    const b = new Device(owner.api);
    await b.push([patientUpdate(patient.id, 1, { notes: 'Allergic to latex' })]);
    const first = await a.push([patientUpdate(patient.id, 1, { phone: '111' })]);
    expect(first.body.results[0]).toMatchObject({ status: 'applied', row: { version: 3 } });

    const second = await a.push([patientUpdate(patient.id, 1, { phone: '222' })]);
    expect(second.body.results[0]).toMatchObject({
      status: 'applied',
      row: { phone: '222', notes: 'Allergic to latex', version: 4 },
    });
    expect((await a.pullAll()).conflicts).toEqual([]);
  });

  it('still reports the same user overwriting a field from another of their devices', async () => {
    const { owner, device: a, patient } = await clinicWithPatient(bedside.app);
    const b = new Device(owner.api);
    await a.push([patientUpdate(patient.id, 1, { phone: '111' })]);
    const { body } = await b.push([patientUpdate(patient.id, 1, { phone: '222' })]);
    expect(body.results[0]).toMatchObject({
      status: 'conflict',
      row: { phone: '222', version: 3 },
      overwrites: [{ field: 'phone', keptValue: '111', keptBy: owner.me.user.id }],
    });
    expect((await a.pullAll()).conflicts).toMatchObject([
      { entity: 'patients', field: 'phone', keptValue: '111', winningValue: '222' },
    ]);
  });

  it("reports another device's change made after the device's own earlier edit", async () => {
    const { owner, device: a, patient } = await clinicWithPatient(bedside.app);
    const b = new Device(owner.api);
    await a.push([patientUpdate(patient.id, 1, { phone: '111' })]);
    await b.push([patientUpdate(patient.id, 2, { phone: '222' })]);
    const { body } = await a.push([patientUpdate(patient.id, 1, { phone: '333' })]);
    expect(body.results[0]).toMatchObject({
      status: 'conflict',
      overwrites: [{ field: 'phone', keptValue: '222', keptBy: owner.me.user.id }],
    });
  });

  it('does not report again a value the device already overwrote and was told about', async () => {
    const { owner, device: a, patient } = await clinicWithPatient(bedside.app);
    const b = new Device(owner.api);
    await b.push([patientUpdate(patient.id, 1, { phone: '111' })]);
    const raced = await a.push([patientUpdate(patient.id, 1, { phone: '222' })]);
    expect(raced.body.results[0]?.status).toBe('conflict');

    const again = await a.push([patientUpdate(patient.id, 1, { phone: '333' })]);
    expect(again.body.results[0]).toMatchObject({ status: 'applied', row: { phone: '333' } });
    expect((await a.pullAll()).conflicts).toMatchObject([
      { keptValue: '111', winningValue: '222' },
    ]);
  });

  it('records which device made each field change', async () => {
    const { device: a, patient } = await clinicWithPatient(bedside.app);
    await a.push([patientUpdate(patient.id, 1, { phone: '111' })]);
    const history = await bedside.db.many<{ field: string; clientId: string | null }>(sql`
      SELECT field, client_id AS "clientId" FROM field_history WHERE row_id = ${patient.id}`);
    expect(history).toEqual([{ field: 'phone', clientId: a.clientId }]);
  });

  it("does not report a device's second edit of a record answer on an old base", async () => {
    const { device, record } = await clinicWithRecord(bedside.app, { complaint: 'Knee' });
    const first = await device.push([recordUpdate(record.id, 1, { pain: 3 })]);
    expect(first.body.results[0]?.status).toBe('applied');
    const { body } = await device.push([recordUpdate(record.id, 1, { pain: 4 })]);
    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { data: { complaint: 'Knee', pain: 4 }, version: 3 },
    });
    expect((await device.pullAll()).conflicts).toEqual([]);
  });

  it("does not report a device's second reorder of a template on an old base", async () => {
    const { device, template } = await clinicWithTemplate(bedside.app);
    const move = (sortOrder: number) => ({
      name: 'template.update',
      args: { id: template.id, baseVersion: 1, fields: { sortOrder } },
    });
    expect((await device.push([move(3)])).body.results[0]?.status).toBe('applied');
    const { body } = await device.push([move(4)]);
    expect(body.results[0]).toMatchObject({ status: 'applied', row: { sortOrder: 4 } });
  });

  it("does not report a device's second edit of a photo on an old base", async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const photo = newPhoto(patient.id);
    await device.push([photo]);
    const update = (description: string) => ({
      name: 'photo.update',
      args: { id: photo.args.id, baseVersion: 1, fields: { description } },
    });
    expect((await device.push([update('Granulating')])).body.results[0]?.status).toBe('applied');
    const { body } = await device.push([update('Sloughy')]);
    expect(body.results[0]).toMatchObject({ status: 'applied', row: { description: 'Sloughy' } });
  });
});
