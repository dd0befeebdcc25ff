import { forbiddenProblem } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import { saveRecordData } from '$lib/records/record-actions';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { fitToRole } from './role-tables';
import {
  serverAddendum,
  serverPatient,
  serverRecord,
  serverTemplate,
} from './testing/clinic-fixtures';
import { createFakeSyncServer, rejection, type FakeSyncServer } from './testing/fake-sync-server';
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

/** A clinic with a patient, a signed note with an addendum and a draft, all on this device. */
async function clinicOnDevice() {
  const { version } = serverTemplate(server);
  const patient = serverPatient(server);
  const signed = serverRecord(server, { patient, version });
  const addendum = serverAddendum(server, signed);
  const draft = serverRecord(server, { patient, version }, { status: 'draft', finalizedAt: null });
  server.addConflict({
    id: '01900000-0000-7000-8000-0000000000c1',
    clinicId: signed.clinicId,
    entity: 'records',
    rowId: signed.id,
    field: 'data.pain',
    keptValue: 3,
    keptBy: 'u1',
    keptAt: '2025-01-01T00:00:00.000Z',
    winningValue: 4,
    winningBy: 'u2',
    createdAt: '2025-01-01T00:00:00.000Z',
    version: 1,
    deletedAt: null,
  });
  await fitToRole(database, 'clinician');
  await pullChanges(database);
  return { patient, signed, addendum, draft };
}

describe('fitToRole', () => {
  it('takes the notes off the device of a clinician made assistant, and nothing else', async () => {
    const { patient, signed, addendum, draft } = await clinicOnDevice();
    expect(await database.records.count()).toBe(2);
    expect(await database.conflicts.count()).toBe(1);

    await fitToRole(database, 'assistant');

    expect(await database.records.toArray()).toEqual([]);
    expect(await database.addenda.get(addendum.id)).toBeUndefined();
    expect(await database.conflicts.toArray()).toEqual([]);
    expect(await database.serverRows.get(['records', signed.id])).toBeUndefined();
    expect(await database.serverRows.get(['records', draft.id])).toBeUndefined();
    expect(await database.patients.get(patient.id)).toMatchObject({ familyName: 'Lee' });
    expect(await database.templates.count()).toBe(1);
  });

  it('keeps an unsent note edit, which the server then refuses like any other change', async () => {
    const { draft } = await clinicOnDevice();
    expect(await saveRecordData(draft.id, { pain: 6 })).toEqual({ ok: true });
    const outbox = await database.outbox.toArray();
    expect(outbox).toHaveLength(1);

    await fitToRole(database, 'assistant');

    expect(await database.outbox.toArray()).toEqual(outbox);
    const refused = forbiddenProblem('clinical.write');
    server.setVerdict((mutation) => rejection(mutation, refused));
    await pushOutbox(database);
    expect(await database.outbox.count()).toBe(0);
    expect(await database.rejected.toArray()).toEqual([
      expect.objectContaining({ entityId: draft.id, problem: refused }),
    ]);
  });

  it('downloads the notes again once the role may read them again', async () => {
    const { signed, draft } = await clinicOnDevice();
    await fitToRole(database, 'assistant');
    expect(await getMeta(database, 'cursor')).toBeDefined();

    await fitToRole(database, 'clinician');
    expect(await getMeta(database, 'cursor')).toBeUndefined();
    await pullChanges(database);

    expect((await database.records.toArray()).map((r) => r.id).sort()).toEqual(
      [signed.id, draft.id].sort(),
    );
  });
});
