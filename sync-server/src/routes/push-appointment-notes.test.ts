import { describe, expect, it } from 'vitest';
import { problemType, type ClinicalRecord } from '@bedside/shared';
import { newAppointment } from '../../test/appointment-helpers.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { byId, clinicWithTemplate, newPatient, newRecord } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

function noteOf(patientId: string, versionId: string, appointmentId: string) {
  const create = newRecord(patientId, versionId, { complaint: 'Knee' });
  return { ...create, args: { ...create.args, appointmentId } };
}

const hasRecord = (recordId: string) => ({
  status: 'rejected',
  problem: {
    type: problemType('appointment-has-record'),
    status: 409,
    title: 'This appointment already has a note.',
    recordId,
  },
});

describe.each(dbKinds)("an appointment's note on %s", (kind) => {
  const bedside = bedsideFor(kind);

  /** A clinic with a template, a patient, and an appointment of that patient. */
  async function clinicWithBooking() {
    const clinic = await clinicWithTemplate(bedside.app);
    const booking = newAppointment(clinic.patient.id, clinic.owner.me.user.id);
    await clinic.device.push([booking]);
    return { ...clinic, appointmentId: booking.args.id };
  }

  it('keeps the appointment on the record, and pulls it', async () => {
    const { device, patient, versionId, appointmentId } = await clinicWithBooking();
    const note = noteOf(patient.id, versionId, appointmentId);
    const { body } = await device.push([note]);
    expect(body.results[0]).toMatchObject({ status: 'applied', row: { appointmentId } });
    const { records } = await device.pullAll();
    expect(records).toMatchObject([{ id: note.args.id, appointmentId }]);
  });

  it('refuses a second note from another device, naming the first one', async () => {
    const { owner, device, patient, versionId, appointmentId } = await clinicWithBooking();
    const tablet = await colleagueDevice(bedside, owner);
    // Both wrote their note offline; the first to arrive keeps the appointment.
    const first = noteOf(patient.id, versionId, appointmentId);
    const second = noteOf(patient.id, versionId, appointmentId);
    expect((await device.push([first])).body.results[0]?.status).toBe('applied');
    const { body } = await tablet.push([second]);
    expect(body.results[0]).toMatchObject(hasRecord(first.args.id));
    expect((await device.pullAll()).records.map((r) => r.id)).toEqual([first.args.id]);
  });

  it('lets exactly one of two devices pushing at the same moment keep the appointment', async () => {
    const { owner, device, patient, versionId, appointmentId } = await clinicWithBooking();
    const tablet = await colleagueDevice(bedside, owner);
    const notes = [
      noteOf(patient.id, versionId, appointmentId),
      noteOf(patient.id, versionId, appointmentId),
    ];
    const [a, b] = await Promise.all([device.push([notes[0]!]), tablet.push([notes[1]!])]);
    const results = [a.body.results[0], b.body.results[0]];
    const winner = results.findIndex((result) => result?.status === 'applied');
    expect(winner).not.toBe(-1);
    expect(results[1 - winner]).toMatchObject(hasRecord(notes[winner]!.args.id));
  });

  it('refuses a second note in the same batch, and takes one once the first is deleted', async () => {
    const { device, patient, versionId, appointmentId } = await clinicWithBooking();
    const first = noteOf(patient.id, versionId, appointmentId);
    const second = noteOf(patient.id, versionId, appointmentId);
    const third = noteOf(patient.id, versionId, appointmentId);
    const { body } = await device.push([
      first,
      second,
      byId('record.delete', first.args.id),
      third,
      byId('record.restore', first.args.id),
    ]);
    expect(body.results).toMatchObject([
      { status: 'applied' },
      hasRecord(first.args.id),
      { status: 'applied', row: { deletedAt: expect.any(String) } },
      { status: 'applied' },
      hasRecord(third.args.id),
    ]);
    const { records } = await device.pullAll();
    expect(records.filter((r: ClinicalRecord) => r.deletedAt === null).map((r) => r.id)).toEqual([
      third.args.id,
    ]);
  });

  it('swaps the note in a later push: delete the old one, write another', async () => {
    const { device, patient, versionId, appointmentId } = await clinicWithBooking();
    const first = noteOf(patient.id, versionId, appointmentId);
    await device.push([first]);
    const next = noteOf(patient.id, versionId, appointmentId);
    const { body } = await device.push([byId('record.delete', first.args.id), next]);
    expect(body.results.map((r) => r.status)).toEqual(['applied', 'applied']);
  });

  it("refuses another patient's appointment, and a deleted one", async () => {
    const { device, patient, versionId, appointmentId } = await clinicWithBooking();
    const created = await device.push([newPatient()]);
    const other = created.body.results[0]?.row as { id: string };
    const { body } = await device.push([
      noteOf(other.id, versionId, appointmentId),
      byId('appointment.delete', appointmentId),
      noteOf(patient.id, versionId, appointmentId),
    ]);
    expect(body.results).toMatchObject([
      {
        status: 'rejected',
        problem: {
          issues: [{ field: 'appointmentId', message: 'This appointment is of another patient.' }],
        },
      },
      { status: 'applied' },
      { status: 'rejected', problem: { type: problemType('deleted') } },
    ]);
  });
});
