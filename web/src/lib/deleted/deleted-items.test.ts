import { beforeEach, describe, expect, it } from 'vitest';
import type { Photo } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { bookAppointments, deleteAppointment } from '$lib/appointments/appointment-actions';
import { createPatient, deletePatient } from '$lib/patients/patient-actions';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { daysLeft, recentlyDeleted, restoreDeleted } from './deleted-items';

const CLINICIAN = '01900000-0000-7000-8000-0000000000c1';

let database: BedsideDatabase;

beforeEach(async () => {
  database = freshDatabase();
  await database.users.put({
    id: CLINICIAN,
    name: 'Dr Ada',
    email: 'ada@example.org',
    role: 'clinician',
  });
});

async function patient(givenName: string, familyName: string): Promise<string> {
  const result = await createPatient({ givenName, familyName });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('recentlyDeleted', () => {
  it('lists what was deleted, newest first, named in words, and not what was not', async () => {
    const ann = await patient('Ann', 'Lee');
    const bo = await patient('Bo', 'Ng');
    await patient('Cy', 'Okafor');
    const booked = await bookAppointments({
      patientId: bo,
      clinicianId: CLINICIAN,
      startsAt: '2026-03-23T09:00:00.000Z',
      endsAt: '2026-03-23T09:30:00.000Z',
    });
    if (!booked.ok) throw new Error(booked.message);
    await deleteAppointment(booked.ids[0]!);
    await deletePatient(ann);

    const items = await recentlyDeleted(database, 'Europe/London');

    expect(items.map(({ kind, title }) => [kind, title])).toEqual([
      ['patient', 'Lee, Ann'],
      ['appointment', 'Appointment of Ng, Bo, 2026-03-23 09:00'],
    ]);
    expect(items.every((item) => item.deletedBy === database.owner.userId)).toBe(true);
  });

  it('lists a photo deleted with its patient under the patient alone, and one deleted on its own', async () => {
    const ann = await patient('Ann', 'Lee');
    await deletePatient(ann);
    const deleted = await database.patients.get(ann);
    const photo = (id: string, deletedAt: string | null | undefined) =>
      ({ id, patientId: ann, kind: 'photo', deletedAt, deletedBy: deleted?.deletedBy }) as Photo;
    await database.photos.bulkPut([
      photo('with-patient', deleted?.deletedAt),
      photo('on-its-own', '2026-01-05T10:00:00.000Z'),
    ]);

    const items = await recentlyDeleted(database, 'UTC');

    expect(items.map(({ kind, id }) => [kind, id])).toEqual([
      ['patient', ann],
      ['photo', 'on-its-own'],
    ]);
  });

  it('restores an item on this device: it leaves the list', async () => {
    const ann = await patient('Ann', 'Lee');
    await deletePatient(ann);
    const [item] = await recentlyDeleted(database, 'UTC');

    expect(await restoreDeleted(item!)).toMatchObject({ ok: true });

    expect(await recentlyDeleted(database, 'UTC')).toEqual([]);
    expect(await database.patients.get(ann)).toMatchObject({ deletedAt: null });
  });
});

describe('daysLeft', () => {
  it('counts the days of the retention still to run, a part-day as a day, down to 0 when due', () => {
    const deletedAt = '2026-03-01T10:00:00.000Z';
    expect(daysLeft(deletedAt, 30, new Date('2026-03-01T10:00:01.000Z'))).toBe(30);
    expect(daysLeft(deletedAt, 30, new Date('2026-03-11T10:00:00.000Z'))).toBe(20);
    expect(daysLeft(deletedAt, 30, new Date('2026-03-31T09:00:00.000Z'))).toBe(1);
    expect(daysLeft(deletedAt, 30, new Date('2026-03-31T10:00:00.000Z'))).toBe(0);
    expect(daysLeft(deletedAt, 30, new Date('2026-04-30T09:00:00.000Z'))).toBe(0);
  });
});
