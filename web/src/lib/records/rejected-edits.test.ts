import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  addendumTextFromRejected,
  createRecord,
  discardRejectedRecordEdits,
  saveRecordData,
} from './record-actions';
import { watchRecord, type RecordDetail } from './record-queries';

let database: BedsideDatabase;
let server: FakeSyncServer;
let id: string;

beforeEach(async () => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  const patient = serverPatient(server);
  const { template } = serverTemplate(server);
  await pullChanges(database);
  const created = await createRecord(patient.id, template.id);
  if (!created.ok) throw new Error(created.message);
  id = created.id;
  await saveRecordData(id, { pain: 4 });
  await pushOutbox(database);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

/** Another device signs the record on the server while this one still edits the draft. */
function signedElsewhere() {
  const row = server.tables.records.get(id)!;
  server.writeTo('records', {
    ...row,
    status: 'finalized',
    finalizedAt: '2025-02-01T00:00:00.000Z',
    finalizedBy: 'other',
    version: row.version + 1,
  });
}

async function detail(): Promise<RecordDetail> {
  const found = await firstValue(watchRecord(id));
  if (!found) throw new Error('record missing');
  return found;
}

describe('edits refused because the record was signed elsewhere', () => {
  it('are kept, show the signed content, and summarise as addendum text', async () => {
    await saveRecordData(id, { pain: 6 });
    await saveRecordData(id, { notes: 'Worse at night' });
    signedElsewhere();

    await pushOutbox(database);
    await pullChanges(database);

    const refused = await detail();
    expect(refused).toMatchObject({
      record: { status: 'finalized', data: { pain: 4 } },
      syncState: 'rejected',
      rejected: [
        {
          name: 'record.update',
          problem: { title: 'This record has been signed. Add an addendum instead.' },
        },
      ],
    });
    expect(addendumTextFromRejected(refused)).toBe(
      'Pain score: 4 → 6\nNotes: (empty) → Worse at night',
    );
  });

  it('are gone after discardRejectedRecordEdits, leaving the record synced', async () => {
    await saveRecordData(id, { pain: 6 });
    signedElsewhere();
    await pushOutbox(database);
    await pullChanges(database);

    await discardRejectedRecordEdits(id);

    const after = await detail();
    expect(after).toMatchObject({ syncState: 'synced', rejected: [] });
    expect(addendumTextFromRejected(after)).toBe('');
    expect(await database.rejected.count()).toBe(0);
  });
});
