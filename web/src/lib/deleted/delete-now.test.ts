import { beforeEach, describe, expect, it } from 'vitest';
import type { Appointment, ClinicalRecord, Photo } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';
import { createPatient, deletePatient } from '$lib/patients/patient-actions';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { deleteNow, whatGoes } from './delete-now';

let database: BedsideDatabase;

beforeEach(() => {
  database = freshDatabase();
});

async function deletedPatient(): Promise<string> {
  const created = await createPatient({ givenName: 'Ann', familyName: 'Lee' });
  if (!created.ok) throw new Error(created.message);
  await deletePatient(created.id);
  return created.id;
}

/** Only what the counts read: the patient a row belongs to. */
const rowOf = <T>(id: string, patientId: string) => ({ id, patientId }) as unknown as T;

describe('whatGoes', () => {
  it('names a patient and everything of it on this device that goes with it', async () => {
    const id = await deletedPatient();
    const item = { kind: 'patient' as const, id, title: 'Lee, Ann' };
    expect(await whatGoes(database, item)).toBe(
      'Lee, Ann goes for good. It cannot be restored afterwards, on any device.',
    );
    await database.records.bulkPut([
      rowOf<ClinicalRecord>('r1', id),
      rowOf<ClinicalRecord>('r2', id),
      rowOf<ClinicalRecord>('r3', 'someone else'),
    ]);
    await database.photos.put(rowOf<Photo>('p1', id));
    await database.appointments.bulkPut([
      rowOf<Appointment>('a1', id),
      rowOf<Appointment>('a2', id),
    ]);
    expect(await whatGoes(database, item)).toBe(
      'Lee, Ann goes for good, with 2 notes (signed ones too), 1 photo or attachment and 2 ' +
        'appointments. It cannot be restored afterwards, on any device.',
    );
  });

  it('names a draft note with the photos deleted with it', async () => {
    const deletedAt = '2026-03-01T10:00:00.000Z';
    const deletedBy = 'u1';
    await database.records.put({
      ...rowOf<ClinicalRecord>('note', 'p'),
      data: { wound_photos: ['with-note', 'earlier'] },
      deletedAt,
      deletedBy,
    });
    await database.photos.bulkPut([
      { ...rowOf<Photo>('with-note', 'p'), deletedAt, deletedBy },
      { ...rowOf<Photo>('earlier', 'p'), deletedAt: '2026-02-01T10:00:00.000Z', deletedBy },
    ]);
    const item = { kind: 'record' as const, id: 'note', title: 'Draft note of Lee, Ann' };
    expect(await whatGoes(database, item)).toBe(
      'Draft note of Lee, Ann goes for good, with the photo or attachment deleted with it. ' +
        'It cannot be restored afterwards, on any device.',
    );
  });

  it('names anything else alone', async () => {
    expect(await whatGoes(database, { kind: 'template', id: 't', title: 'Template “SOAP”' })).toBe(
      'Template “SOAP” goes for good. It cannot be restored afterwards, on any device.',
    );
  });
});

describe('deleteNow', () => {
  it('waits for a deletion that has not reached the server, without asking it', async () => {
    const id = await deletedPatient();
    const result = await deleteNow(database, { kind: 'patient', id });
    expect(result).toEqual({
      ok: false,
      message: 'This deletion has not reached the server yet. Try again once it has synced.',
      issues: [],
    });
  });
});
