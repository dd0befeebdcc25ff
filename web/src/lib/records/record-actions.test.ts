import type { Template } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { updatePatient } from '$lib/patients/patient-actions';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { serverPatient, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase, TEST_USER } from '$lib/sync/testing/test-database';
import {
  addAddendum,
  archiveRecord,
  createRecord,
  deleteRecord,
  finalizeRecord,
  restoreRecord,
  saveRecordData,
  unarchiveRecord,
} from './record-actions';

let database: BedsideDatabase;
let server: FakeSyncServer;
let patientId: string;
let template: Template;

beforeEach(async () => {
  database = freshDatabase();
  server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  patientId = serverPatient(server).id;
  template = serverTemplate(server).template;
  await pullChanges(database);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function newRecord(): Promise<string> {
  const result = await createRecord(patientId, template.id);
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

async function queued() {
  return (await database.outbox.orderBy('seq').toArray()).map(({ name, args, sentAt }) => ({
    name,
    args,
    sent: sentAt !== undefined,
  }));
}

async function markAllSent() {
  await database.outbox.toCollection().modify({ sentAt: new Date().toISOString() });
}

describe('createRecord', () => {
  it('starts a draft with the current template version and queues it', async () => {
    const id = await newRecord();

    expect(await database.records.get(id)).toMatchObject({
      patientId,
      templateId: template.id,
      templateVersionId: template.currentVersionId,
      status: 'draft',
      data: {},
      createdBy: TEST_USER,
      version: 0,
    });
    expect(await queued()).toEqual([
      {
        name: 'record.create',
        args: { id, patientId, templateVersionId: template.currentVersionId, data: {} },
        sent: false,
      },
    ]);
  });

  it('refuses when the template version has not reached the device, queuing nothing', async () => {
    await database.templateVersions.delete(template.currentVersionId);

    const result = await createRecord(patientId, template.id);

    expect(result).toMatchObject({ ok: false, message: expect.stringContaining('not fully') });
    expect(await database.outbox.count()).toBe(0);
    expect(await database.records.count()).toBe(0);
  });
});

describe('saveRecordData', () => {
  it('folds edits into the create while it waits, leaving cleared answers out', async () => {
    const id = await newRecord();
    await saveRecordData(id, { pain: 3 });
    await saveRecordData(id, { notes: 'Sore knee' });
    await saveRecordData(id, { pain: null });

    expect(await queued()).toEqual([
      expect.objectContaining({
        name: 'record.create',
        args: expect.objectContaining({ data: { notes: 'Sore knee' } }),
      }),
    ]);
    expect((await database.records.get(id))?.data).toEqual({ notes: 'Sore knee' });
  });

  it('after the create went out, a burst of typing becomes one update behind it', async () => {
    const id = await newRecord();
    await markAllSent();

    for (const text of ['S', 'So', 'Sor', 'Sore']) await saveRecordData(id, { notes: text });
    await saveRecordData(id, { pain: 4 });

    expect(await queued()).toEqual([
      expect.objectContaining({
        name: 'record.create',
        args: expect.objectContaining({ data: {} }),
      }),
      {
        name: 'record.update',
        // The create will be version 1 on the server.
        args: { id, baseVersion: 1, data: { notes: 'Sore', pain: 4 } },
        sent: false,
      },
    ]);
    expect((await database.records.get(id))?.data).toEqual({ notes: 'Sore', pain: 4 });
  });

  it('queues answers after a change made since, never folding them in ahead of it', async () => {
    const id = await newRecord();
    await saveRecordData(id, { notes: 'Before' });
    // Say, the photo the next answer lists: the server must get it before the answer.
    const patient = await updatePatient(patientId, { notes: 'Latex allergy' });
    expect(patient.ok).toBe(true);
    await saveRecordData(id, { pain: 4 });
    await saveRecordData(id, { pain: 5 });

    expect((await queued()).map((entry) => [entry.name, entry.args['data']])).toEqual([
      ['record.create', { notes: 'Before' }],
      ['patient.update', undefined],
      ['record.update', { pain: 5 }],
    ]);
    expect((await database.records.get(id))?.data).toEqual({ notes: 'Before', pain: 5 });
  });

  it('never rewrites an update already sent: later edits queue behind it', async () => {
    const id = await newRecord();
    await pushOutbox(database);
    await saveRecordData(id, { pain: 2 });
    await markAllSent();

    await saveRecordData(id, { pain: 5 });

    expect(await queued()).toEqual([
      { name: 'record.update', args: { id, baseVersion: 1, data: { pain: 2 } }, sent: true },
      { name: 'record.update', args: { id, baseVersion: 1, data: { pain: 5 } }, sent: false },
    ]);
    expect((await database.records.get(id))?.data).toEqual({ pain: 5 });
  });

  it('saves an incomplete or out-of-range draft, but not a value of the wrong shape', async () => {
    const id = await newRecord();

    expect(await saveRecordData(id, { pain: 42 })).toEqual({ ok: true });
    expect(await saveRecordData(id, { pain: 'a lot', extra: 1 })).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [
        { field: 'extra', message: 'This field is not part of the template.' },
        { field: 'pain', message: 'Pain score must be a number.' },
      ],
    });
    expect((await database.records.get(id))?.data).toEqual({ pain: 42 });
  });

  it('queues nothing when the answers are what the device already shows', async () => {
    const id = await newRecord();
    await saveRecordData(id, { pain: 3 });
    await markAllSent();

    expect(await saveRecordData(id, { pain: 3, notes: null })).toEqual({ ok: true });
    expect(await database.outbox.count()).toBe(1);
  });
});

describe('finalizeRecord', () => {
  it('refuses an incomplete record with the shared messages and keeps it a draft', async () => {
    const id = await newRecord();

    expect(await finalizeRecord(id)).toEqual({
      ok: false,
      message: 'This record is not complete yet.',
      issues: [{ field: 'pain', message: 'Pain score is required.' }],
    });
    await saveRecordData(id, { pain: 11 });
    expect(await finalizeRecord(id)).toMatchObject({
      issues: [{ field: 'pain', message: 'Pain score must be at most 10.' }],
    });
    expect((await database.records.get(id))?.status).toBe('draft');
    expect((await queued()).map((entry) => entry.name)).toEqual(['record.create']);
  });

  it('signs a complete record on the device at once; it then takes no edits', async () => {
    const id = await newRecord();
    await saveRecordData(id, { pain: 4 });

    expect(await finalizeRecord(id)).toEqual({ ok: true });

    expect(await database.records.get(id)).toMatchObject({
      status: 'finalized',
      finalizedBy: TEST_USER,
      finalizedAt: expect.any(String),
    });
    expect(await saveRecordData(id, { pain: 5 })).toEqual({
      ok: false,
      message: 'This record has been signed. Add an addendum instead.',
      issues: [],
    });
    expect(await finalizeRecord(id)).toEqual({ ok: true }); // already signed: nothing more
    expect((await queued()).map((entry) => entry.name)).toEqual([
      'record.create',
      'record.finalize',
    ]);

    await pushOutbox(database);
    expect(server.tables.records.get(id)).toMatchObject({ status: 'finalized', data: { pain: 4 } });
    expect(await database.records.get(id)).toMatchObject({ status: 'finalized', version: 2 });
  });
});

describe('delete, archive and addenda', () => {
  it('deletes and restores a draft, but never deletes a signed record', async () => {
    const draft = await newRecord();
    await deleteRecord(draft);
    expect((await database.records.get(draft))?.deletedAt).toEqual(expect.any(String));
    await restoreRecord(draft);
    expect((await database.records.get(draft))?.deletedAt).toBeNull();

    const signed = await newRecord();
    await saveRecordData(signed, { pain: 1 });
    await finalizeRecord(signed);
    expect(await deleteRecord(signed)).toEqual({
      ok: false,
      message: 'A signed record can only be archived, never deleted.',
      issues: [],
    });
    expect((await database.records.get(signed))?.deletedAt).toBeNull();
  });

  it('archives only a signed record, and unarchives it', async () => {
    const id = await newRecord();
    expect(await archiveRecord(id)).toMatchObject({ ok: false });

    await saveRecordData(id, { pain: 1 });
    await finalizeRecord(id);
    await archiveRecord(id);
    expect(await database.records.get(id)).toMatchObject({
      status: 'archived',
      archivedBy: TEST_USER,
    });
    await unarchiveRecord(id);
    expect(await database.records.get(id)).toMatchObject({ status: 'finalized', archivedAt: null });
  });

  it('adds addenda only to a signed record', async () => {
    const id = await newRecord();
    expect(await addAddendum(id, 'Forgot the swelling.')).toEqual({
      ok: false,
      message: 'Edit the draft instead of adding an addendum.',
      issues: [],
    });
    await saveRecordData(id, { pain: 1 });
    await finalizeRecord(id);

    expect(await addAddendum(id, '  ')).toMatchObject({
      ok: false,
      issues: [{ field: 'text', message: 'Addendum is required.' }],
    });
    const added = await addAddendum(id, 'Swelling noted as well.');
    if (!added.ok) throw new Error(added.message);

    expect(await database.addenda.get(added.id)).toMatchObject({
      recordId: id,
      patientId,
      text: 'Swelling noted as well.',
      createdBy: TEST_USER,
    });
    await pushOutbox(database);
    expect(server.tables.addenda.get(added.id)).toMatchObject({ recordId: id, patientId });
  });
});
