import { describe, expect, it } from 'vitest';
import { problemType } from '@bedside/shared';
import { weeklySeries } from '@bedside/shared/weekly-series';
import { uuidv7 } from 'uuidv7';
import {
  appointmentCancel,
  appointmentTypeUpdate,
  appointmentUpdate,
  clinicWithAppointment,
  newAppointment,
  newAppointmentType,
} from '../../test/appointment-helpers.ts';
import { bedsideFor } from '../../test/push-helpers.ts';
import { byId, clinicWithPatient, Device, newPatient } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('appointments across clinics on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it("never books or touches another clinic's patient, type, appointment or clinician, nor says they exist", async () => {
    const mine = await clinicWithAppointment(bedside.app);
    const [myType] = (await mine.device.pullAll()).appointmentTypes;
    const intruder = await clinicWithPatient(bedside.app);
    const me = intruder.owner.me.user.id;
    const unknown = uuidv7();
    const id = mine.appointment.id;

    const { body } = await intruder.device.push([
      newAppointment(mine.patient.id, me),
      newAppointment(unknown, me),
      newAppointment(intruder.patient.id, me, { typeId: myType!.id }),
      newAppointment(intruder.patient.id, me, { typeId: unknown }),
      newAppointment(intruder.patient.id, mine.owner.me.user.id),
      appointmentUpdate(id, 1, { notes: 'Mine now' }),
      appointmentCancel(id, 1, 'Mine now'),
      byId('appointment.delete', id),
      byId('appointment.restore', id),
      appointmentTypeUpdate(myType!.id, 1, { name: 'Mine now' }),
      byId('appointmentType.delete', myType!.id),
      // An id taken in another clinic reads as taken, without saying where.
      { name: 'appointment.create', args: { ...newAppointment(intruder.patient.id, me).args, id } },
      { ...newAppointmentType(), args: { ...newAppointmentType().args, id: myType!.id } },
    ]);
    const notFound = (title: string) => ({
      status: 'rejected',
      problem: { type: problemType('not-found'), title },
    });
    const patient = notFound('This patient does not exist on the server.');
    const type = notFound('This appointment type does not exist on the server.');
    const appointment = notFound('This appointment does not exist on the server.');
    expect(body.results).toMatchObject([
      patient,
      patient,
      type,
      type,
      notFound('This clinician is not a member of the clinic.'),
      appointment,
      appointment,
      appointment,
      appointment,
      type,
      type,
      {
        status: 'rejected',
        problem: { type: problemType('conflict'), title: 'This appointment already exists.' },
      },
      {
        status: 'rejected',
        problem: { type: problemType('conflict'), title: 'This appointment type already exists.' },
      },
    ]);

    const theirs = await intruder.device.pullAll();
    expect(theirs.appointments).toEqual([]);
    expect(theirs.appointmentTypes.map((t) => t.id)).not.toContain(myType!.id);
    const after = await mine.device.pullAll();
    expect(after.appointments).toMatchObject([{ id, version: 1, notes: null, deletedAt: null }]);
    expect(after.appointmentTypes.find((t) => t.id === myType!.id)).toMatchObject({ version: 1 });
  });

  it("refuses a note for another clinic's appointment as unknown", async () => {
    const mine = await clinicWithAppointment(bedside.app);
    const intruder = await clinicWithPatient(bedside.app);
    const [template] = (await intruder.device.pullAll()).templates;
    const { body } = await intruder.device.push([
      {
        name: 'record.create',
        args: {
          id: uuidv7(),
          patientId: intruder.patient.id,
          templateVersionId: template!.currentVersionId,
          data: {},
          appointmentId: mine.appointment.id,
        },
      },
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        type: problemType('not-found'),
        title: 'This appointment does not exist on the server.',
      },
    });
  });
});

describe.each(dbKinds)('a weekly series on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('is pushed as one create each, sharing a series id, at 09:00 Berlin time across the change to summer time', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const seriesId = uuidv7();
    const times = weeklySeries({
      startsAt: '2026-03-16T08:00:00.000Z',
      endsAt: '2026-03-16T08:45:00.000Z',
      timeZone: owner.me.clinic.timezone,
      everyWeeks: 1,
      count: 4,
    });
    const creates = times.map((slot) =>
      newAppointment(patient.id, owner.me.user.id, { ...slot, seriesId }),
    );
    const { body } = await device.push([...creates, newPatient()]);
    expect(body.results.map((r) => r.status)).toEqual(Array(5).fill('applied'));

    const { appointments } = await new Device(owner.api).pullAll();
    const berlin = new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/Berlin',
      weekday: 'short',
      hour: '2-digit',
      minute: '2-digit',
    });
    expect(appointments.map((a) => [a.seriesId, berlin.format(new Date(a.startsAt))])).toEqual(
      Array(4).fill([seriesId, 'Mon 09:00']),
    );
    expect(appointments.map((a) => a.startsAt)).toEqual([
      '2026-03-16T08:00:00.000Z',
      '2026-03-23T08:00:00.000Z',
      '2026-03-30T07:00:00.000Z',
      '2026-04-06T07:00:00.000Z',
    ]);
  });
});
