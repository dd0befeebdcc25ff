import { beforeEach, describe, expect, it } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { createPatient } from '$lib/patients/patient-actions';
import { newUploadJob } from '$lib/capture/upload/upload-jobs';
import { pendingMutationsOf, unsentWork } from './outbox';
import { rebuildViews } from './views';
import { freshDatabase } from './testing/test-database';

let database: BedsideDatabase;

beforeEach(() => {
  database = freshDatabase();
});

describe('pendingMutationsOf', () => {
  it('replays changes in the order they were made, even when renumbering reversed their seqs', async () => {
    const created = await createPatient({ givenName: 'Ann', familyName: 'Lee' });
    if (!created.ok) throw new Error(created.message);
    const id = created.id;
    const [create] = await database.outbox.toArray();
    if (!create) throw new Error('no create');
    const later = (ms: number) => new Date(Date.parse(create.createdAt) + ms).toISOString();
    // An older update the server refused (seq 3), and a newer one still queued that a seq-gap
    // renumbering moved to seq 2.
    await database.rejected.add({
      id: 'refused',
      seq: 3,
      name: 'patient.update',
      args: { id, baseVersion: 1, fields: { phone: '111' } },
      entityId: id,
      problem: { type: 'about:blank', title: 'No.', status: 422 },
      rejectedAt: later(2),
      createdAt: later(1),
    });
    await database.outbox.add({
      ...create,
      id: 'newer',
      seq: 2,
      name: 'patient.update',
      args: { id, baseVersion: 1, fields: { phone: '222' } },
      createdAt: later(3),
    });

    const pending = await pendingMutationsOf(database, id);
    await database.transaction(
      'rw',
      [database.patients, database.serverRows, database.outbox, database.rejected],
      async () => rebuildViews(database, 'patients', [id]),
    );

    expect(pending.map((mutation) => mutation.seq)).toEqual([1, 3, 2]);
    expect(await database.patients.get(id)).toMatchObject({ phone: '222' });
  });
});

describe('unsentWork', () => {
  it('counts queued changes and photos whose bytes are not uploaded, not finished uploads', async () => {
    await createPatient({ givenName: 'Ann', familyName: 'Lee' });
    await database.uploads.bulkPut([
      newUploadJob('photo-queued', 10),
      { ...newUploadJob('photo-failed', 10), state: 'failed', error: 'The server refused it.' },
      { ...newUploadJob('photo-done', 10), state: 'done' },
    ]);

    expect(await unsentWork(database)).toEqual({ changes: 1, photos: 2 });
  });
});
