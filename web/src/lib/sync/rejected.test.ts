import { makeProblem } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { createPatient, deletePatient, updatePatient } from '$lib/patients/patient-actions';
import { pushOutbox } from './push';
import { discardRejectedMutation, requeueRejected } from './rejected';
import { createFakeSyncServer, rejection, type FakeSyncServer } from './testing/fake-sync-server';
import { freshDatabase } from './testing/test-database';

let database: BedsideDatabase;
let server: FakeSyncServer;
const refused = makeProblem('validation', 422, 'Not accepted', {
  detail: 'The server did not accept this change.',
});

beforeEach(() => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function syncedPatient(): Promise<string> {
  const result = await createPatient({
    givenName: 'Ann',
    familyName: 'Lee',
    phone: '1',
    notes: 'kept',
  });
  if (!result.ok) throw new Error(result.message);
  await pushOutbox(database);
  return result.id;
}

/** Pushes the outbox with the server refusing every mutation named `name`. */
async function pushRefusing(name: string): Promise<string> {
  server.setVerdict((mutation) =>
    mutation.name === name ? rejection(mutation, refused) : undefined,
  );
  await pushOutbox(database);
  server.setVerdict(() => undefined);
  const [rejected] = await database.rejected.toArray();
  if (!rejected) throw new Error('nothing was rejected');
  return rejected.id;
}

describe('discardRejectedMutation', () => {
  it('drops a refused update and shows the server version plus the changes still queued', async () => {
    const ann = await syncedPatient();
    await updatePatient(ann, { phone: '2' });
    const rejectedId = await pushRefusing('patient.update');
    await deletePatient(ann); // queued after the refusal

    await discardRejectedMutation(database, rejectedId);

    expect(await database.rejected.count()).toBe(0);
    expect(await database.patients.get(ann)).toMatchObject({
      phone: '1',
      notes: 'kept',
      deletedAt: expect.any(String),
    });
    expect((await database.outbox.toArray()).map((entry) => entry.name)).toEqual([
      'patient.delete',
    ]);
  });

  it('goes back to the server version when the refused update was the only change', async () => {
    const ann = await syncedPatient();
    await updatePatient(ann, { phone: '2' });
    const rejectedId = await pushRefusing('patient.update');
    expect(await database.patients.get(ann)).toMatchObject({ phone: '2' });

    await discardRejectedMutation(database, rejectedId);

    expect(await database.rejected.count()).toBe(0);
    expect(await database.patients.get(ann)).toMatchObject({ phone: '1', notes: 'kept' });
  });

  it('removes a patient whose create was refused', async () => {
    const created = await createPatient({ givenName: 'Bo', familyName: 'Ray' });
    if (!created.ok) throw new Error('create failed');
    const rejectedId = await pushRefusing('patient.create');

    await discardRejectedMutation(database, rejectedId);

    expect(await database.patients.get(created.id)).toBeUndefined();
    expect(await database.rejected.count()).toBe(0);
  });
});

describe('requeueRejected', () => {
  it('queues the refused change again with a new seq and the current server version', async () => {
    const ann = await syncedPatient();
    await updatePatient(ann, { phone: '2' });
    const rejectedId = await pushRefusing('patient.update');
    // Another device moved the patient on since.
    server.writeRow({ ...server.rows.get(ann)!, notes: 'elsewhere', version: 2 });
    await database.serverRows.put({
      table: 'patients',
      id: ann,
      version: 2,
      row: { ...server.rows.get(ann)! },
    });

    expect(await requeueRejected(database, rejectedId)).toBe(true);

    const [entry] = await database.outbox.toArray();
    expect(entry).toMatchObject({
      seq: 3,
      name: 'patient.update',
      args: { id: ann, baseVersion: 2, fields: { phone: '2' } },
    });
    expect(entry?.id).not.toBe(rejectedId);
    expect(await database.rejected.count()).toBe(0);

    await pushOutbox(database);
    expect(server.rows.get(ann)).toMatchObject({ phone: '2', notes: 'elsewhere' });
  });
});
