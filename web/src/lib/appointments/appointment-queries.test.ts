import type { Appointment } from '@bedside/shared';
import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  overlapWarnings,
  watchAppointmentTypes,
  watchAppointmentsBetween,
  watchClinicians,
  watchPatientAppointments,
} from './appointment-queries';

let database: BedsideDatabase;

beforeEach(() => {
  database = freshDatabase();
});

function appointment(id: string, fields: Partial<Appointment> = {}): Appointment {
  return {
    id,
    clinicId: 'clinic',
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    createdBy: 'u1',
    updatedBy: 'u1',
    deletedAt: null,
    deletedBy: null,
    version: 1,
    changeSeq: 1,
    patientId: 'p1',
    clinicianId: 'c1',
    typeId: null,
    startsAt: '2026-03-30T07:00:00.000Z',
    endsAt: '2026-03-30T07:30:00.000Z',
    status: 'booked',
    cancelReason: null,
    reason: null,
    location: null,
    notes: null,
    seriesId: null,
    ...fields,
  } satisfies Appointment;
}

describe('watchAppointmentsBetween', () => {
  it('lists by start those that start before the end and end after the start, not deleted ones', async () => {
    await database.appointments.bulkPut([
      appointment('late', {
        startsAt: '2026-03-30T15:00:00.000Z',
        endsAt: '2026-03-30T16:00:00.000Z',
      }),
      // Began the evening before and runs into the morning.
      appointment('overnight', {
        startsAt: '2026-03-29T20:00:00.000Z',
        endsAt: '2026-03-30T06:00:00.000Z',
      }),
      appointment('ended', {
        startsAt: '2026-03-29T20:00:00.000Z',
        endsAt: '2026-03-29T22:00:00.000Z',
      }),
      appointment('deleted', { deletedAt: '2026-03-01T00:00:00.000Z' }),
      appointment('cancelled', { status: 'cancelled', cancelReason: 'ill' }),
      appointment('other', { clinicianId: 'c2' }),
      appointment('tomorrow', {
        startsAt: '2026-03-30T22:00:00.000Z',
        endsAt: '2026-03-30T23:00:00.000Z',
      }),
    ]);
    const day = { from: '2026-03-29T22:00:00.000Z', to: '2026-03-30T22:00:00.000Z' };

    const all = await firstValue(watchAppointmentsBetween(day.from, day.to));
    expect(all.map((row) => row.id)).toEqual(['overnight', 'cancelled', 'other', 'late']);
    const mine = await firstValue(watchAppointmentsBetween(day.from, day.to, ['c1']));
    expect(mine.map((row) => row.id)).toEqual(['overnight', 'cancelled', 'late']);
  });
});

describe('watchPatientAppointments', () => {
  it("lists the patient's appointments by start", async () => {
    await database.appointments.bulkPut([
      appointment('b', {
        startsAt: '2026-04-06T07:00:00.000Z',
        endsAt: '2026-04-06T08:00:00.000Z',
      }),
      appointment('a'),
      appointment('someone-else', { patientId: 'p2' }),
    ]);
    const rows = await firstValue(watchPatientAppointments('p1'));
    expect(rows.map((row) => row.id)).toEqual(['a', 'b']);
  });
});

describe('watchAppointmentTypes and watchClinicians', () => {
  it('list live types by name and the users who see patients', async () => {
    const type = {
      clinicId: 'clinic',
      createdAt: '',
      updatedAt: '',
      createdBy: 'u1',
      updatedBy: 'u1',
      deletedBy: null,
      version: 1,
      changeSeq: 1,
      durationMinutes: 30,
      colour: '#1d4ed8',
      templateId: null,
    };
    await database.appointmentTypes.bulkPut([
      { ...type, id: 't1', name: 'New patient', deletedAt: null },
      { ...type, id: 't2', name: 'Follow-up', deletedAt: null },
      { ...type, id: 't3', name: 'Gone', deletedAt: '2026-01-01T00:00:00.000Z' },
    ]);
    await database.users.bulkPut([
      { id: 'u1', name: 'Zoe', email: 'z@example.org', role: 'clinician' },
      { id: 'u2', name: 'Amy', email: 'a@example.org', role: 'assistant' },
      { id: 'u3', name: 'Ben', email: 'b@example.org', role: 'owner' },
    ]);
    expect((await firstValue(watchAppointmentTypes())).map((row) => row.name)).toEqual([
      'Follow-up',
      'New patient',
    ]);
    expect(await firstValue(watchClinicians())).toEqual([
      { id: 'u3', name: 'Ben' },
      { id: 'u1', name: 'Zoe' },
    ]);
  });
});

describe('overlapWarnings', () => {
  it("says which of the clinician's bookings overlap, on the clinic's clock", () => {
    const draft = appointment('draft', {
      startsAt: '2026-03-30T07:15:00.000Z',
      endsAt: '2026-03-30T08:00:00.000Z',
    });
    const others = [
      appointment('a', { patientId: 'p2' }),
      appointment('touching', {
        startsAt: '2026-03-30T08:00:00.000Z',
        endsAt: '2026-03-30T09:00:00.000Z',
      }),
      appointment('other-clinician', { clinicianId: 'c2' }),
      appointment('no-show', { status: 'no-show' }),
    ];
    expect(
      overlapWarnings(draft, others, {
        timeZone: 'Europe/Berlin',
        patientName: (id) => (id === 'p2' ? 'Bo Chen' : undefined),
      }),
    ).toEqual(["Overlaps with Bo Chen's appointment, 09:00–09:30 on 2026-03-30."]);
  });
});
