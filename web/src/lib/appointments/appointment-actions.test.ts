import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { createPatient } from '$lib/patients/patient-actions';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  bookAppointments,
  cancelAppointment,
  deleteAppointment,
  moveAppointment,
  restoreAppointment,
  setAppointmentStatus,
  updateAppointment,
} from './appointment-actions';

const CLINICIAN = '01900000-0000-7000-8000-0000000000c1';
const OTHER_CLINICIAN = '01900000-0000-7000-8000-0000000000c2';

let database: BedsideDatabase;
let patientId: string;

beforeEach(async () => {
  database = freshDatabase();
  await database.users.bulkPut([
    { id: CLINICIAN, name: 'Dr Ada', email: 'ada@example.org', role: 'clinician' },
    { id: OTHER_CLINICIAN, name: 'Dr Bo', email: 'bo@example.org', role: 'owner' },
  ]);
  const patient = await createPatient({ givenName: 'Ann', familyName: 'Lee' });
  if (!patient.ok) throw new Error(patient.message);
  patientId = patient.id;
  // The patient is on the server: only the appointments' mutations are queued below.
  await database.outbox.clear();
});

const booking = () => ({
  patientId,
  clinicianId: CLINICIAN,
  startsAt: '2026-03-23T08:00:00.000Z',
  endsAt: '2026-03-23T08:30:00.000Z',
  reason: 'Back pain',
});

async function booked(extra: Record<string, unknown> = {}): Promise<string> {
  const result = await bookAppointments({ ...booking(), ...extra });
  if (!result.ok) throw new Error(result.message);
  return result.ids[0] ?? '';
}

/** Makes the device believe the server has this appointment at `version` (as after a pull). */
async function markSynced(id: string, version: number): Promise<void> {
  const row = await database.appointments.get(id);
  if (!row) throw new Error('no row');
  await database.outbox.clear();
  await database.serverRows.put({ table: 'appointments', id, version, row: { ...row, version } });
  await database.appointments.put({ ...row, version });
}

async function queued() {
  return (await database.outbox.orderBy('seq').toArray()).map(({ name, args }) => ({
    name,
    args,
  }));
}

describe('bookAppointments', () => {
  it('writes one booked appointment and its create, every field sent', async () => {
    const id = await booked();

    expect(await database.appointments.get(id)).toMatchObject({
      patientId,
      clinicianId: CLINICIAN,
      status: 'booked',
      reason: 'Back pain',
      location: null,
      seriesId: null,
      version: 0,
    });
    expect(await queued()).toEqual([
      {
        name: 'appointment.create',
        args: { ...booking(), id, typeId: null, location: null, notes: null, seriesId: null },
      },
    ]);
  });

  it('books a weekly series: each its own row and create, one series, the same clock time across DST', async () => {
    const result = await bookAppointments({
      ...booking(),
      repeat: { everyWeeks: 1, count: 3 },
      timeZone: 'Europe/Berlin',
    });
    if (!result.ok) throw new Error(result.message);

    expect(result.ids).toHaveLength(3);
    const rows = await database.appointments.orderBy('startsAt').toArray();
    // 09:00 in Berlin each week; summer time starts on 29 March 2026.
    expect(rows.map((row) => [row.id, row.startsAt, row.endsAt])).toEqual([
      [result.ids[0], '2026-03-23T08:00:00.000Z', '2026-03-23T08:30:00.000Z'],
      [result.ids[1], '2026-03-30T07:00:00.000Z', '2026-03-30T07:30:00.000Z'],
      [result.ids[2], '2026-04-06T07:00:00.000Z', '2026-04-06T07:30:00.000Z'],
    ]);
    const seriesIds = new Set(rows.map((row) => row.seriesId));
    expect(seriesIds.size).toBe(1);
    expect([...seriesIds][0]).toEqual(expect.any(String));
    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => [entry.name, entry.entityId])).toEqual(
      result.ids.map((id) => ['appointment.create', id]),
    );
  });

  it('writes nothing of a series when one write fails: one transaction', async () => {
    let writes = 0;
    const failThird = () => {
      writes += 1;
      if (writes === 3) throw new Error('disk full');
    };
    database.appointments.hook('creating', failThird);
    await expect(
      bookAppointments({ ...booking(), repeat: { everyWeeks: 2, count: 4 }, timeZone: 'UTC' }),
    ).rejects.toThrow('disk full');
    database.appointments.hook('creating').unsubscribe(failThird);

    expect(await database.appointments.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });

  it('answers in plain sentences and writes nothing when the form is wrong', async () => {
    const result = await bookAppointments({
      patientId: '',
      clinicianId: CLINICIAN,
      startsAt: '2026-03-23T08:00:00.000Z',
      endsAt: '2026-03-23T07:00:00.000Z',
      repeat: { everyWeeks: 1, count: 60 },
      timeZone: 'UTC',
    });
    expect(result).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [
        { field: 'patientId', message: 'Choose a patient.' },
        { field: 'endsAt', message: 'The end must be after the start.' },
        { field: 'repeat.count', message: 'A series has at most 52 appointments.' },
      ],
    });
    expect(await database.appointments.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });
});

describe('updateAppointment and moveAppointment', () => {
  it('merge into the create still waiting in the outbox', async () => {
    const id = await booked();
    await updateAppointment(id, { location: 'Room 2', reason: '' });
    await moveAppointment(id, '2026-03-23T10:00:00.000Z', '2026-03-23T11:00:00.000Z');

    expect(await queued()).toEqual([
      {
        name: 'appointment.create',
        args: expect.objectContaining({
          id,
          location: 'Room 2',
          reason: null,
          startsAt: '2026-03-23T10:00:00.000Z',
          endsAt: '2026-03-23T11:00:00.000Z',
        }),
      },
    ]);
    expect(await database.appointments.get(id)).toMatchObject({
      location: 'Room 2',
      reason: null,
      startsAt: '2026-03-23T10:00:00.000Z',
    });
  });

  it('queue an update of the changed fields on the server version, merging the next move into it', async () => {
    const id = await booked();
    await markSynced(id, 4);

    await moveAppointment(
      id,
      '2026-03-23T09:00:00.000Z',
      '2026-03-23T09:30:00.000Z',
      OTHER_CLINICIAN,
    );
    await moveAppointment(id, '2026-03-23T09:15:00.000Z', '2026-03-23T09:45:00.000Z');

    expect(await queued()).toEqual([
      {
        name: 'appointment.update',
        args: {
          id,
          baseVersion: 4,
          fields: {
            clinicianId: OTHER_CLINICIAN,
            startsAt: '2026-03-23T09:15:00.000Z',
            endsAt: '2026-03-23T09:45:00.000Z',
          },
        },
      },
    ]);
    expect(await database.appointments.get(id)).toMatchObject({
      clinicianId: OTHER_CLINICIAN,
      startsAt: '2026-03-23T09:15:00.000Z',
      version: 4,
    });
  });

  it('refuse an end before the start against the times already there', async () => {
    const id = await booked();
    const result = await updateAppointment(id, { endsAt: '2026-03-23T07:00:00.000Z' });
    expect(result).toMatchObject({
      ok: false,
      issues: [{ field: 'endsAt', message: 'The end must be after the start.' }],
    });
    expect(await database.appointments.get(id)).toMatchObject({
      endsAt: '2026-03-23T08:30:00.000Z',
    });
  });

  it('queue nothing when nothing changed', async () => {
    const id = await booked();
    await markSynced(id, 1);
    expect(await updateAppointment(id, { reason: 'Back pain', location: '' })).toEqual({
      ok: true,
    });
    expect(await database.outbox.count()).toBe(0);
  });
});

describe('saving a refused appointment', () => {
  const problem = {
    type: 'https://bedside.example/problems/not-found',
    title: 'The patient was not found.',
    status: 404,
  };

  /** What the server does to the queued changes: refuses every one of them. */
  async function refuseQueued() {
    const entries = await database.outbox.orderBy('seq').toArray();
    await database.outbox.clear();
    await database.rejected.bulkPut(
      entries.map(({ id, seq, name, args, entityId, createdAt }) => ({
        id,
        seq,
        name,
        args,
        entityId,
        createdAt,
        problem,
        rejectedAt: '2026-03-20T10:00:00.000Z',
      })),
    );
  }

  it('sends a refused booking again whole, with the fix, and takes it out of needs attention', async () => {
    const id = await booked();
    await refuseQueued();

    await updateAppointment(id, { clinicianId: OTHER_CLINICIAN });

    expect(await database.rejected.count()).toBe(0);
    expect(await queued()).toEqual([
      {
        name: 'appointment.create',
        args: expect.objectContaining({
          id,
          patientId,
          clinicianId: OTHER_CLINICIAN,
          reason: 'Back pain',
          startsAt: '2026-03-23T08:00:00.000Z',
        }),
      },
    ]);
  });

  it('folds refused edits into one update on the server version, even saved unchanged', async () => {
    const id = await booked();
    await markSynced(id, 2);
    await updateAppointment(id, { location: 'Room 9' });
    await refuseQueued();
    // The refused edit still shows on this device until it is fixed or discarded.
    expect(await database.appointments.get(id)).toMatchObject({ location: 'Room 9' });

    await updateAppointment(id, { location: 'Room 9' });

    expect(await database.rejected.count()).toBe(0);
    expect(await queued()).toEqual([
      {
        name: 'appointment.update',
        args: { id, baseVersion: 2, fields: { location: 'Room 9' } },
      },
    ]);
  });
});

describe('setAppointmentStatus', () => {
  it('moves booked → arrived → completed and back, each queued as an update', async () => {
    const id = await booked();
    await markSynced(id, 1);

    expect(await setAppointmentStatus(id, 'arrived')).toEqual({ ok: true });
    expect(await database.appointments.get(id)).toMatchObject({ status: 'arrived' });
    const arrived = await database.outbox.orderBy('seq').last();
    await database.outbox.update(arrived?.seq ?? 0, { sentAt: new Date().toISOString() });
    expect(await setAppointmentStatus(id, 'completed')).toEqual({ ok: true });
    expect(await setAppointmentStatus(id, 'arrived')).toEqual({ ok: true });

    expect(await queued()).toEqual([
      { name: 'appointment.update', args: { id, baseVersion: 1, fields: { status: 'arrived' } } },
      // The second merged into the third (unsent, last in line): arrived again.
      { name: 'appointment.update', args: { id, baseVersion: 1, fields: { status: 'arrived' } } },
    ]);
    expect(await database.appointments.get(id)).toMatchObject({ status: 'arrived' });
  });

  it('refuses a move the rules do not allow, in a sentence', async () => {
    const id = await booked();
    await setAppointmentStatus(id, 'no-show');
    expect(await setAppointmentStatus(id, 'completed')).toEqual({
      ok: false,
      message: 'An appointment that is no-show cannot be set to completed.',
      issues: [],
    });
    expect(await database.appointments.get(id)).toMatchObject({ status: 'no-show' });
  });
});

describe('cancelAppointment', () => {
  it('needs a reason', async () => {
    const id = await booked();
    expect(await cancelAppointment(id, '  ')).toEqual({
      ok: false,
      message: 'Cancellation reason is required.',
      issues: [{ field: 'reason', message: 'Cancellation reason is required.' }],
    });
    expect(await database.appointments.get(id)).toMatchObject({ status: 'booked' });
  });

  it('cancels with the reason; booked again clears it', async () => {
    const id = await booked();
    await markSynced(id, 2);

    await cancelAppointment(id, 'Patient is ill');
    expect(await database.appointments.get(id)).toMatchObject({
      status: 'cancelled',
      cancelReason: 'Patient is ill',
    });
    await setAppointmentStatus(id, 'booked');
    expect(await database.appointments.get(id)).toMatchObject({
      status: 'booked',
      cancelReason: null,
    });
    expect((await queued()).map((entry) => entry.name)).toEqual([
      'appointment.cancel',
      'appointment.update',
    ]);
    expect((await queued())[0]?.args).toEqual({ id, baseVersion: 2, reason: 'Patient is ill' });
  });
});

describe('deleteAppointment and restoreAppointment', () => {
  it('soft-delete and bring back, each queued once', async () => {
    const id = await booked();
    await markSynced(id, 1);

    await deleteAppointment(id);
    expect((await database.appointments.get(id))?.deletedAt).toEqual(expect.any(String));
    expect(await deleteAppointment(id)).toEqual({ ok: true });
    expect(await updateAppointment(id, { reason: 'x' })).toMatchObject({
      ok: false,
      message: 'This appointment has been deleted. Restore it to change it.',
    });
    await restoreAppointment(id);

    expect((await database.appointments.get(id))?.deletedAt).toBeNull();
    expect((await queued()).map((entry) => entry.name)).toEqual([
      'appointment.delete',
      'appointment.restore',
    ]);
  });
});
