import type { Patient, PushRequest } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { toPatientRow } from '$lib/patients/search-index';
import { createPatient, deletePatient, updatePatient } from '$lib/patients/patient-actions';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { tableHooks } from './table-hooks';
import { localWriteTables, rebuildViews } from './views';
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

const CLINIC = 50_000;

function seedClinic(count: number): Patient[] {
  const patients: Patient[] = [];
  for (let index = 0; index < count; index++)
    patients.push(
      serverPatient(server, {
        givenName: `Ann ${index}`,
        familyName: index % 2 === 0 ? "O'Connell" : 'Müller',
        identifier: `MRN-${index}`,
      }),
    );
  return patients;
}

async function localPatient(fields: Record<string, unknown>): Promise<string> {
  const result = await createPatient({ givenName: 'Local', familyName: 'Only', ...fields });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

function pushedMutations() {
  return server.requests
    .filter((request) => request.path === '/api/sync/push')
    .flatMap((request) => (request.body as PushRequest).mutations);
}

describe('the first sync of a new device, 50,000 patients', () => {
  it(
    'stores every row once, as its view, and keeps the outbox',
    async () => {
      const patients = seedClinic(CLINIC);
      // A patient made on this device before its first sync, not sent yet.
      const local = await localPatient({ identifier: 'LOCAL-1' });
      const queued = await database.outbox.toArray();

      const summary = await pullChanges(database);

      expect(summary).toMatchObject({ rows: CLINIC, resynced: false });
      expect(await database.patients.count()).toBe(CLINIC + 1);
      // Nothing is pending for the pulled rows: no second copy of any of them.
      expect(await database.serverRows.count()).toBe(0);
      const stored = await database.patients.bulkGet(patients.map((patient) => patient.id));
      expect(stored).toEqual(patients.map((patient) => toPatientRow(patient)));
      expect(await database.patients.where('searchWords').equals('oconnell').count()).toBe(
        CLINIC / 2,
      );
      expect(await database.patients.where('searchWords').startsWith('muller').count()).toBe(
        CLINIC / 2,
      );
      expect(await database.patients.get(local)).toMatchObject({
        identifier: 'LOCAL-1',
        version: 0,
      });
      expect(await database.outbox.toArray()).toEqual(queued);
    },
    5 * 60_000,
  );

  it(
    'a resync while changes are pending keeps them visible and the outbox intact',
    async () => {
      const patients = seedClinic(CLINIC);
      await pullChanges(database);
      const edited = patients[1234]!;
      const deleted = patients[4321]!;
      await updatePatient(edited.id, { phone: '0400 000 001' });
      await deletePatient(deleted.id);
      const local = await localPatient({});
      const queued = await database.outbox.toArray();
      // Meanwhile another device changed another field of the edited patient.
      server.writeRow({ ...server.rows.get(edited.id)!, notes: 'seen elsewhere', version: 2 });
      server.changeEpoch(); // a restored backup: the stored cursor is refused

      const summary = await pullChanges(database);

      expect(summary).toMatchObject({ resynced: true, rows: CLINIC });
      expect(await database.patients.count()).toBe(CLINIC + 1);
      expect(await database.patients.get(edited.id)).toMatchObject({
        phone: '0400 000 001',
        notes: 'seen elsewhere',
        version: 2,
      });
      expect((await database.patients.get(deleted.id))?.deletedAt).not.toBeNull();
      expect(await database.patients.get(local)).toMatchObject({ givenName: 'Local' });
      expect(await database.outbox.toArray()).toEqual(queued);
      // Server copies only for the rows with changes pending.
      expect((await database.serverRows.toArray()).map((copy) => copy.id).sort()).toEqual(
        [edited.id, deleted.id].sort(),
      );
      expect(await getMeta(database, 'cursor')).toMatch(/^2:/);
    },
    5 * 60_000,
  );
});

describe('a row that came by the fast path (no server copy)', () => {
  it('is edited against its server version and merges with a newer pull', async () => {
    const ann = serverPatient(server, { phone: '1', notes: 'old' });
    await pullChanges(database);
    expect(await database.serverRows.count()).toBe(0);

    await updatePatient(ann.id, { phone: '2' });
    // The change is replayed onto the server's row, taken from the view when it was queued.
    expect(await database.serverRows.get(['patients', ann.id])).toMatchObject({
      version: 1,
      row: { phone: '1', notes: 'old' },
    });
    expect((await database.serverRows.get(['patients', ann.id]))?.row).not.toHaveProperty(
      'searchWords',
    );
    // Another device changes another field before this device pushes.
    server.writeRow({ ...server.rows.get(ann.id)!, notes: 'new', version: 2 });
    await pullChanges(database);
    expect(await database.patients.get(ann.id)).toMatchObject({
      phone: '2',
      notes: 'new',
      version: 2,
    });

    await pushOutbox(database);
    expect(pushedMutations()).toEqual([
      expect.objectContaining({
        name: 'patient.update',
        args: { id: ann.id, baseVersion: 1, fields: { phone: '2' } },
      }),
    ]);
    await pullChanges(database);
    expect(await database.patients.get(ann.id)).toEqual(toPatientRow(server.rows.get(ann.id)!));
    expect(server.rows.get(ann.id)).toMatchObject({ phone: '2', notes: 'new' });
    // Nothing pending any more: the next pull stored it once again, its copy gone.
    expect(await database.serverRows.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });

  it('shows a pulled delete and a pulled restore', async () => {
    const ann = serverPatient(server);
    await pullChanges(database);

    server.writeRow({ ...ann, deletedAt: '2025-03-01T00:00:00.000Z', version: 2 });
    await pullChanges(database);
    expect(await database.patients.get(ann.id)).toMatchObject({
      deletedAt: '2025-03-01T00:00:00.000Z',
      version: 2,
    });

    server.writeRow({ ...ann, deletedAt: null, version: 3 });
    await pullChanges(database);
    expect(await database.patients.get(ann.id)).toMatchObject({ deletedAt: null, version: 3 });
    expect(await database.serverRows.count()).toBe(0);
  });

  it('is its own base when a rebuild finds no server copy', async () => {
    const ann = serverPatient(server, { phone: '1' });
    await pullChanges(database);

    await database.transaction('rw', localWriteTables(database), async () =>
      rebuildViews(database, 'patients', [ann.id]),
    );

    expect(await database.patients.get(ann.id)).toEqual(toPatientRow(ann));
  });
});

describe('serverRowView hooks', () => {
  it("take a patient's row back out of its view exactly", () => {
    const row = serverPatient(server, { identifier: 'MRN-1', birthDate: '1948-03-14' });
    const hook = tableHooks.patients.serverRowView!;
    expect(hook.toServerRow(hook.toView(row))).toEqual(row);
  });
});
