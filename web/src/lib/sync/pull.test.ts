import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { createPatient, updatePatient } from '$lib/patients/patient-actions';
import { applyPullPage } from './apply-pull';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { serverPatient } from './testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from './testing/fake-sync-server';
import { freshDatabase } from './testing/test-database';

let database: BedsideDatabase;
let server: FakeSyncServer;

beforeEach(() => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function syncedPatient(fields: Record<string, unknown>): Promise<string> {
  const result = await createPatient({ givenName: 'Ann', familyName: 'Lee', ...fields });
  if (!result.ok) throw new Error(result.message);
  await pushOutbox(database);
  return result.id;
}

describe('pullChanges', () => {
  it('stores rows from every page and the cursor, tombstones included', async () => {
    for (let index = 0; index < 1001; index++) serverPatient(server, { givenName: `P${index}` });
    const gone = serverPatient(server, { deletedAt: '2025-02-01T00:00:00.000Z' });

    const summary = await pullChanges(database);

    expect(summary).toMatchObject({ pages: 2, rows: 1002 });
    expect(await database.patients.count()).toBe(1002);
    expect((await database.patients.get(gone.id))?.deletedAt).toBe('2025-02-01T00:00:00.000Z');
    expect(await getMeta(database, 'cursor')).toBe('1:1002');

    // The next pull asks from the stored cursor and gets nothing new.
    expect(await pullChanges(database)).toMatchObject({ rows: 0 });
  });

  it('tells how far a pull of several pages has come after each page but the last', async () => {
    for (let index = 0; index < 1001; index++) serverPatient(server, { givenName: `P${index}` });
    const heard: number[] = [];

    await pullChanges(database, (soFar) => heard.push(soFar.rows));

    expect(heard).toEqual([1000]);
  });

  it("keeps this device's unsent changes on top of newer server rows", async () => {
    const ann = await syncedPatient({ phone: '1', notes: 'old' });
    await updatePatient(ann, { phone: '2' }); // queued, not pushed
    // Meanwhile another device changed another field.
    server.writeRow({ ...server.rows.get(ann)!, notes: 'from the other device', version: 2 });

    await pullChanges(database);

    expect(await database.patients.get(ann)).toMatchObject({
      phone: '2',
      notes: 'from the other device',
      version: 2,
    });
    expect((await database.serverRows.get(['patients', ann]))?.row).toMatchObject({
      phone: '1',
      version: 2,
    });
    expect(await database.outbox.count()).toBe(1);
  });

  it('ignores a pulled row older than the server copy a push already brought', async () => {
    const ann = await syncedPatient({ phone: '1' });
    const pulledBeforePush = { ...server.rows.get(ann)! };
    await updatePatient(ann, { phone: '2' });
    await pushOutbox(database); // the answer brings version 2

    await applyPullPage(database, {
      changes: { patients: [pulledBeforePush] },
      cursor: '1:1',
      more: false,
    });

    expect(await database.serverRows.get(['patients', ann])).toMatchObject({
      version: 2,
      row: { phone: '2' },
    });
    expect(await database.patients.get(ann)).toMatchObject({ phone: '2', version: 2 });
    expect(await getMeta(database, 'cursor')).toBe('1:1');
  });

  it('keeps rejected changes visible too, until the user fixes or discards them', async () => {
    const ann = await syncedPatient({ phone: '1' });
    await database.rejected.add({
      id: 'r1',
      seq: 9,
      name: 'patient.update',
      entityId: ann,
      args: { id: ann, baseVersion: 1, fields: { phone: '9' } },
      problem: { type: 'x', title: 'No', status: 422 },
      rejectedAt: '',
      createdAt: '',
    });
    server.writeRow({ ...server.rows.get(ann)!, givenName: 'Anna', version: 2 });

    await pullChanges(database);

    expect(await database.patients.get(ann)).toMatchObject({ givenName: 'Anna', phone: '9' });
  });

  it('stores conflicts and remembers which ones the user dismissed', async () => {
    const ann = await syncedPatient({});
    const conflict = {
      id: 'c1',
      clinicId: 'clinic',
      entity: 'patients' as const,
      rowId: ann,
      field: 'phone',
      keptValue: '1',
      keptBy: 'u1',
      keptAt: '2025-01-01T00:00:00.000Z',
      winningValue: '2',
      winningBy: 'u2',
      createdAt: '2025-01-01T00:00:00.000Z',
      version: 1,
      deletedAt: null,
    };
    server.addConflict(conflict);
    await pullChanges(database);
    await database.conflicts.update('c1', { seenAt: '2025-01-02T00:00:00.000Z' });

    server.addConflict({ ...conflict, version: 2 }); // the server sends it again
    await pullChanges(database);

    expect(await database.conflicts.get('c1')).toMatchObject({
      version: 2,
      seenAt: '2025-01-02T00:00:00.000Z',
    });
  });

  it('starts over on "resync" without losing the outbox or rejected changes', async () => {
    const ann = await syncedPatient({ phone: '1' });
    await updatePatient(ann, { phone: '2' });
    const unsynced = await createPatient({ givenName: 'Local', familyName: 'Only' });
    if (!unsynced.ok) throw new Error('create failed');
    const remote = serverPatient(server);
    await pullChanges(database);
    const outboxBefore = await database.outbox.toArray();

    server.changeEpoch(); // the server was restored from a backup
    server.rows.delete(remote.id);
    const summary = await pullChanges(database);

    expect(summary.resynced).toBe(true);
    expect(await database.outbox.toArray()).toEqual(outboxBefore);
    expect(await database.patients.get(ann)).toMatchObject({ phone: '2' });
    expect(await database.patients.get(unsynced.id)).toMatchObject({ givenName: 'Local' });
    expect(await database.patients.get(remote.id)).toBeUndefined();
    expect(await getMeta(database, 'cursor')).toMatch(/^2:/);
  });
});
