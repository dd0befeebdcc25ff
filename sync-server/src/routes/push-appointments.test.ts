import { describe, expect, it } from 'vitest';
import { problemType, validate, AppointmentCreateArgs, type Appointment } from '@bedside/shared';
import {
  appointmentCancel,
  appointmentUpdate,
  clinicWithAppointment,
  monday9,
  newAppointment,
  plusMinutes,
} from '../../test/appointment-helpers.ts';
import { bedsideFor, colleagueDevice } from '../../test/push-helpers.ts';
import { byId, clinicWithPatient, newPatient } from '../../test/test-app.ts';
import { dbKinds } from '../../test/test-db.ts';

describe.each(dbKinds)('appointment mutations on %s', (kind) => {
  const bedside = bedsideFor(kind);

  it('books an appointment that every device pulls, and answers its replay as a duplicate', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const [type] = (await device.pullAll()).appointmentTypes;
    const create = newAppointment(patient.id, owner.me.user.id, {
      startsAt: '2026-03-02T09:00:00+01:00',
      endsAt: '2026-03-02T10:00:00+01:00',
      typeId: type?.id,
      reason: ' Knee pain ',
      location: 'Room 2',
      notes: '',
    });
    const first = await device.push([create]);
    expect(first.body.results[0]).toMatchObject({ status: 'applied', table: 'appointments' });
    const replay = await device.push([create], first.body.lastSeq);
    expect(replay.body.results[0]).toMatchObject({ status: 'duplicate' });

    const { appointments } = await (await colleagueDevice(bedside, owner)).pullAll();
    expect(appointments).toEqual([
      expect.objectContaining({
        id: create.args.id,
        clinicId: owner.me.clinic.id,
        patientId: patient.id,
        clinicianId: owner.me.user.id,
        typeId: type?.id,
        startsAt: '2026-03-02T08:00:00.000Z',
        endsAt: '2026-03-02T09:00:00.000Z',
        status: 'booked',
        cancelReason: null,
        reason: 'Knee pain',
        location: 'Room 2',
        notes: null,
        seriesId: null,
        version: 1,
        createdBy: owner.me.user.id,
        deletedAt: null,
      }),
    ]);
  });

  it('refuses bad args with the shared message, and the batch goes on', async () => {
    const { owner, device, patient } = await clinicWithPatient(bedside.app);
    const backwards = newAppointment(patient.id, owner.me.user.id, {
      endsAt: plusMinutes(monday9, -30),
    });
    const shared = validate(AppointmentCreateArgs, backwards.args);
    expect(shared.ok).toBe(false);
    const { body } = await device.push([backwards, newAppointment(patient.id, owner.me.user.id)]);
    expect(body.results).toMatchObject([
      {
        status: 'rejected',
        problem: {
          type: problemType('validation'),
          issues: [{ field: 'endsAt', message: 'The end must be after the start.' }],
        },
      },
      { status: 'applied' },
    ]);
    expect(shared.ok ? [] : shared.issues).toEqual(body.results[0]?.problem?.issues);
  });

  it('allows overlapping bookings of one clinician', async () => {
    const { owner, device, patient } = await clinicWithAppointment(bedside.app);
    const second = await device.push([newPatient()]);
    const other = second.body.results[0]?.row as { id: string };
    const { body } = await device.push([
      newAppointment(other.id, owner.me.user.id, { startsAt: plusMinutes(monday9, 15) }),
      newAppointment(patient.id, owner.me.user.id),
    ]);
    expect(body.results.map((result) => result.status)).toEqual(['applied', 'applied']);
    expect((await device.pullAll()).appointments).toHaveLength(3);
  });

  it('refuses a clinician who is not a user of the clinic, and a deleted patient', async () => {
    const { device, patient } = await clinicWithPatient(bedside.app);
    const stranger = await clinicWithPatient(bedside.app);
    const gone = await device.push([newPatient()]);
    const goneId = (gone.body.results[0]?.row as { id: string }).id;
    await device.push([byId('patient.delete', goneId)]);
    const { body } = await device.push([
      newAppointment(patient.id, stranger.owner.me.user.id),
      newAppointment(patient.id, '0190b6d8-0000-7000-8000-00000000dead'),
      newAppointment(goneId, stranger.owner.me.user.id),
    ]);
    const notMember = {
      status: 'rejected',
      problem: {
        type: problemType('not-found'),
        title: 'This clinician is not a member of the clinic.',
      },
    };
    expect(body.results).toMatchObject([
      notMember,
      notMember,
      { status: 'rejected', problem: { type: problemType('deleted') } },
    ]);
  });

  it('books a colleague, and moves an appointment to them', async () => {
    const { owner, device, appointment } = await clinicWithAppointment(bedside.app);
    const colleague = await colleagueDevice(bedside, owner);
    const colleagueId = (await colleague.api.get('/api/auth/me').then((r) => r.json())) as {
      user: { id: string };
    };
    const { body } = await device.push([
      appointmentUpdate(appointment.id, 1, { clinicianId: colleagueId.user.id }),
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'applied',
      row: { clinicianId: colleagueId.user.id, version: 2 },
    });
  });

  it('merges edits of different fields and reports a same-field overwrite as a conflict', async () => {
    const { owner, device, appointment } = await clinicWithAppointment(bedside.app);
    const other = await colleagueDevice(bedside, owner);
    const id = appointment.id;

    await device.push([appointmentUpdate(id, 1, { notes: 'Bring scans' })]);
    const merged = await other.push([appointmentUpdate(id, 1, { location: 'Gym' })]);
    expect(merged.body.results[0]).toMatchObject({
      status: 'applied',
      row: { notes: 'Bring scans', location: 'Gym', version: 3 },
    });
    const raced = await other.push([appointmentUpdate(id, 1, { notes: 'No scans needed' })]);
    expect(raced.body.results[0]).toMatchObject({
      status: 'conflict',
      row: { notes: 'No scans needed', version: 4 },
      overwrites: [{ field: 'notes', keptValue: 'Bring scans', keptBy: owner.me.user.id }],
    });
    const { conflicts } = await device.pullAll();
    expect(conflicts).toMatchObject([
      { entity: 'appointments', rowId: id, field: 'notes', winningValue: 'No scans needed' },
    ]);
  });

  it('refuses a merge that would end before it starts', async () => {
    const { owner, device, appointment } = await clinicWithAppointment(bedside.app);
    const other = await colleagueDevice(bedside, owner);
    const id = appointment.id;
    // One device moves it to the afternoon; the other, from version 1, shortens the morning one.
    await device.push([
      appointmentUpdate(id, 1, {
        startsAt: plusMinutes(monday9, 300),
        endsAt: plusMinutes(monday9, 330),
      }),
    ]);
    const { body } = await other.push([
      appointmentUpdate(id, 1, { endsAt: plusMinutes(monday9, 20) }),
    ]);
    expect(body.results[0]).toMatchObject({
      status: 'rejected',
      problem: {
        issues: [{ field: 'fields.endsAt', message: 'The end must be after the start.' }],
      },
    });
  });

  it('moves through the status workflow and its undos, refusing moves it does not have', async () => {
    const { device, appointment } = await clinicWithAppointment(bedside.app);
    const id = appointment.id;
    const steps = ['arrived', 'booked', 'arrived', 'completed', 'arrived', 'no-show'] as const;
    const { body } = await device.push([
      ...steps.map((status, index) => appointmentUpdate(id, index + 1, { status })),
      appointmentUpdate(id, 7, { status: 'arrived' }),
      appointmentUpdate(id, 7, { status: 'booked' }),
      appointmentUpdate(id, 8, { status: 'completed' }),
      appointmentUpdate(id, 9, { status: 'booked' }),
    ]);
    expect(
      body.results.map((result) => [result.status, (result.row as Appointment)?.status]),
    ).toEqual([
      ...steps.map((status) => ['applied', status]),
      ['rejected', undefined],
      ['applied', 'booked'],
      ['applied', 'completed'],
      ['rejected', undefined],
    ]);
    expect(body.results[6]?.problem).toMatchObject({
      type: problemType('appointment-status'),
      title: 'An appointment that is no-show cannot be set to arrived.',
    });
  });

  it('cancels with a reason only, and books a cancelled appointment again', async () => {
    const { device, appointment } = await clinicWithAppointment(bedside.app);
    const id = appointment.id;
    const { body } = await device.push([
      { name: 'appointment.cancel', args: { id, baseVersion: 1 } },
      appointmentCancel(id, 1, '  '),
      appointmentUpdate(id, 1, { status: 'cancelled' }),
      appointmentCancel(id, 1, 'Patient unwell'),
      appointmentUpdate(id, 2, { status: 'arrived' }),
      appointmentUpdate(id, 2, { status: 'booked' }),
    ]);
    expect(body.results).toMatchObject([
      {
        status: 'rejected',
        problem: { issues: [{ field: 'reason', message: 'Cancellation reason is required.' }] },
      },
      {
        status: 'rejected',
        problem: { issues: [{ field: 'reason', message: 'Cancellation reason is required.' }] },
      },
      { status: 'rejected', problem: { type: problemType('validation') } },
      {
        status: 'applied',
        row: { status: 'cancelled', cancelReason: 'Patient unwell', version: 2 },
      },
      { status: 'rejected', problem: { type: problemType('appointment-status') } },
      { status: 'applied', row: { status: 'booked', cancelReason: null, version: 3 } },
    ]);
  });

  it('deletes and restores softly; an edit of a deleted appointment is refused', async () => {
    const { device, appointment } = await clinicWithAppointment(bedside.app);
    const id = appointment.id;
    const { body } = await device.push([
      byId('appointment.delete', id),
      appointmentUpdate(id, 2, { notes: 'Too late' }),
      byId('appointment.delete', id),
      byId('appointment.restore', id),
      byId('appointment.restore', id),
    ]);
    expect(body.results).toMatchObject([
      { status: 'applied', row: { version: 2, deletedAt: expect.any(String) } },
      { status: 'rejected', problem: { type: problemType('deleted') } },
      { status: 'applied', row: { version: 2 } },
      { status: 'applied', row: { version: 3, deletedAt: null, notes: null } },
      { status: 'applied', row: { version: 3 } },
    ]);
  });
});
