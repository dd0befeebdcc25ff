import {
  makeProblem,
  type ClinicalRecord,
  type Patient,
  type TemplateVersion,
} from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import {
  serverAddendum,
  serverPatient,
  serverRecord,
  serverTemplate,
} from '$lib/sync/testing/clinic-fixtures';
import {
  createFakeSyncServer,
  rejection,
  type FakeSyncServer,
} from '$lib/sync/testing/fake-sync-server';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase, TEST_USER } from '$lib/sync/testing/test-database';
import { addAddendum, createRecord, deleteRecord, saveRecordData } from './record-actions';
import { fetchRecordHistory, watchPatientRecords, watchRecord } from './record-queries';

let database: BedsideDatabase;
let server: FakeSyncServer;
let patient: Patient;
let version: TemplateVersion;
let signed: ClinicalRecord;

beforeEach(async () => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  patient = serverPatient(server);
  ({ version } = serverTemplate(server, { name: 'Pain check' }));
  signed = serverRecord(server, { patient, version }, { createdAt: '2025-01-02T00:00:00.000Z' });
  serverAddendum(server, signed, { createdAt: '2025-01-03T00:00:00.000Z', text: 'Second' });
  serverAddendum(server, signed, { createdAt: '2025-01-02T12:00:00.000Z', text: 'First' });
  // Another patient's record never shows in this patient's list.
  serverRecord(server, { patient: serverPatient(server), version });
  await pullChanges(database);
  await database.users.bulkPut([
    { id: 'other', name: 'Dr Other', email: 'o@example.org', role: 'clinician' },
  ]);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function localDraft(): Promise<string> {
  const result = await createRecord(patient.id, version.templateId);
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('watchPatientRecords', () => {
  it('lists the patient’s records newest first with template, author, addenda and sync state', async () => {
    const draft = await localDraft();

    const items = await firstValue(watchPatientRecords(patient.id, { includeDeleted: false }));

    expect(items).toEqual([
      {
        record: expect.objectContaining({ id: draft, status: 'draft', createdBy: TEST_USER }),
        templateName: 'Pain check',
        versionNumber: 1,
        authorName: null, // the signed-in user is not in the cached list in this test
        addendaCount: 0,
        syncState: 'pending',
        // Nothing typed, and a number is no line of text.
        preview: { text: null, diagnoses: [] },
      },
      {
        record: expect.objectContaining({ id: signed.id, status: 'finalized' }),
        templateName: 'Pain check',
        versionNumber: 1,
        authorName: 'Dr Other',
        addendaCount: 2,
        syncState: 'synced',
        preview: { text: null, diagnoses: [] },
      },
    ]);
  });

  it('leaves deleted drafts out unless asked', async () => {
    const draft = await localDraft();
    await deleteRecord(draft);

    const shown = await firstValue(watchPatientRecords(patient.id, { includeDeleted: false }));
    const all = await firstValue(watchPatientRecords(patient.id, { includeDeleted: true }));

    expect(shown.map((item) => item.record.id)).toEqual([signed.id]);
    expect(all.map((item) => item.record.id)).toEqual([draft, signed.id]);
  });

  it('says "rejected" when the server refused a change under the record, keeping it shown', async () => {
    const added = await addAddendum(signed.id, 'Late note.');
    if (!added.ok) throw new Error(added.message);
    server.setVerdict((mutation) =>
      rejection(mutation, makeProblem('forbidden', 403, 'Not allowed.')),
    );
    await pushOutbox(database);

    const [item] = await firstValue(watchPatientRecords(patient.id, { includeDeleted: false }));

    expect(item).toMatchObject({ addendaCount: 3, syncState: 'rejected' });
  });
});

describe('watchRecord', () => {
  it('gives the version, addenda oldest first and this record’s unseen conflicts', async () => {
    const conflict = {
      clinicId: 'clinic',
      field: 'data.pain',
      keptValue: 3,
      keptBy: 'other',
      keptAt: '2025-01-01T00:00:00.000Z',
      winningValue: 4,
      winningBy: TEST_USER,
      createdAt: '2025-01-01T00:00:00.000Z',
      version: 1,
      deletedAt: null,
    };
    server.addConflict({ ...conflict, id: 'c1', entity: 'records', rowId: signed.id });
    server.addConflict({ ...conflict, id: 'c2', entity: 'patients', rowId: patient.id });
    await pullChanges(database);

    const detail = await firstValue(watchRecord(signed.id));

    expect(detail).toMatchObject({
      record: { id: signed.id, data: { pain: 4 } },
      version: { id: version.id, number: 1 },
      addenda: [{ text: 'First' }, { text: 'Second' }],
      syncState: 'synced',
      rejected: [],
      conflicts: [{ id: 'c1', field: 'data.pain' }],
    });
  });

  it('shows this device’s edits of a draft at once, as pending', async () => {
    const draft = await localDraft();
    await saveRecordData(draft, { pain: 2 });

    expect(await firstValue(watchRecord(draft))).toMatchObject({
      record: { data: { pain: 2 }, version: 0 },
      syncState: 'pending',
    });
    expect(await firstValue(watchRecord('01900000-0000-7000-8000-00000000dead'))).toBeUndefined();
  });
});

describe('fetchRecordHistory', () => {
  const entries = [
    {
      version: 1,
      changedAt: '2025-01-01T00:00:00.000Z',
      changedBy: 'other',
      changes: [{ fieldId: 'pain', oldValue: null, newValue: 4 }],
    },
  ];

  it('asks the server for the record’s history', async () => {
    server.replyOnce({ status: 200, body: { entries } });

    expect(await fetchRecordHistory(signed.id)).toEqual({ ok: true, entries });
    expect(server.requests.at(-1)?.path).toBe(`/api/records/${signed.id}/history`);
  });

  it('says history needs a connection when offline, and passes on the server’s refusal', async () => {
    server.replyOnce('network-error');
    expect(await fetchRecordHistory(signed.id)).toEqual({
      ok: false,
      message: 'History needs a connection to the server.',
      issues: [],
    });

    server.replyOnce({ status: 404, body: makeProblem('not-found', 404, 'No such record.') });
    expect(await fetchRecordHistory(signed.id)).toMatchObject({
      ok: false,
      message: 'No such record.',
    });
  });
});
