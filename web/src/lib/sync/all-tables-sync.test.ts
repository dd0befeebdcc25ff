import { makeProblem, type ClinicalRecord, type PushRequest } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { getMeta } from '$lib/db/meta';
import {
  addAddendum,
  createRecord,
  finalizeRecord,
  saveRecordData,
} from '$lib/records/record-actions';
import { createTemplate, publishTemplate } from '$lib/templates/template-actions';
import { applyPullPage } from './apply-pull';
import { pullChanges } from './pull';
import { pushOutbox } from './push';
import { discardRejectedMutation } from './rejected';
import {
  painFields,
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

async function draftFor(patientId: string, templateId: string): Promise<string> {
  const result = await createRecord(patientId, templateId);
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

describe('pulling templates, versions, records and addenda', () => {
  it('stores the view of every table, and a server copy only where the view is not the row', async () => {
    const patient = serverPatient(server);
    const { template, version } = serverTemplate(server);
    const record = serverRecord(server, { patient, version });
    const addendum = serverAddendum(server, record);

    await pullChanges(database);

    expect(await database.templates.get(template.id)).toEqual(template);
    expect(await database.templateVersions.get(version.id)).toEqual(version);
    expect(await database.records.get(record.id)).toEqual(record);
    expect(await database.addenda.get(addendum.id)).toEqual(addendum);
    expect(await database.patients.get(patient.id)).toMatchObject(patient);
    // Nothing is pending: patients, records and addenda are stored once, as their views.
    const copies = await database.serverRows.toArray();
    expect(copies.map((copy) => copy.table).sort()).toEqual(['templateVersions', 'templates']);
  });

  it('ignores rows older than the server copy a push already brought, in every table', async () => {
    const patient = serverPatient(server);
    const { template } = serverTemplate(server);
    await pullChanges(database);
    const id = await draftFor(patient.id, template.id);
    await pushOutbox(database);
    const pulledBeforePush = { ...server.tables.records.get(id)! };
    await saveRecordData(id, { pain: 2 });
    await pushOutbox(database); // the answer brings version 2

    await applyPullPage(database, {
      changes: { records: [pulledBeforePush], templates: [{ ...template, version: 0 }] },
      cursor: '1:1',
      more: false,
    });

    expect(await database.records.get(id)).toMatchObject({ version: 2, data: { pain: 2 } });
    expect(await database.templates.get(template.id)).toMatchObject({ version: 1 });
    expect(await getMeta(database, 'cursor')).toBe('1:1');
  });

  it("keeps this device's unsent answers on top of a newer server row", async () => {
    const patient = serverPatient(server);
    const { template } = serverTemplate(server);
    await pullChanges(database);
    const id = await draftFor(patient.id, template.id);
    await pushOutbox(database);
    await saveRecordData(id, { pain: 5 }); // queued, not pushed
    const row = server.tables.records.get(id)!;
    server.writeTo('records', { ...row, data: { notes: 'other device' }, version: 2 });

    await pullChanges(database);

    expect((await database.records.get(id))?.data).toEqual({ pain: 5, notes: 'other device' });
  });
});

describe('pushing templates, records and addenda', () => {
  it('stores each answer’s row in its own table', async () => {
    const patient = serverPatient(server);
    await pullChanges(database);
    const created = await createTemplate({ name: 'Knee', fields: painFields });
    if (!created.ok) throw new Error(created.message);
    const id = await draftFor(patient.id, created.id);
    await saveRecordData(id, { pain: 3 });
    await finalizeRecord(id);
    const added = await addAddendum(id, 'Seen again.');
    if (!added.ok) throw new Error(added.message);

    const summary = await pushOutbox(database);

    expect(summary).toMatchObject({ sent: 4, rejected: 0 });
    expect(await database.serverRows.get(['templates', created.id])).toMatchObject({ version: 1 });
    expect(await database.serverRows.get(['records', id])).toMatchObject({
      version: 2,
      row: { status: 'finalized', data: { pain: 3 } },
    });
    expect(await database.serverRows.get(['addenda', added.id])).toMatchObject({ version: 1 });
    expect(await database.records.get(id)).toMatchObject({ status: 'finalized', version: 2 });
  });

  it('moves a queued update onto the version its own previous update made', async () => {
    const patient = serverPatient(server);
    const { template } = serverTemplate(server);
    await pullChanges(database);
    const id = await draftFor(patient.id, template.id);
    await pushOutbox(database);
    await saveRecordData(id, { pain: 1 });
    server.fetch.mockImplementationOnce(async (input, init) => {
      await saveRecordData(id, { pain: 2 }); // typed on while the first update is in flight
      return server.fetch.getMockImplementation()!(input, init);
    });

    await pushOutbox(database);

    const updates = server.requests
      .flatMap((request) => (request.body as PushRequest | undefined)?.mutations ?? [])
      .filter((mutation) => mutation.name === 'record.update')
      .map((mutation) => mutation.args);
    // Version 2 is this device's own write: no conflict with itself.
    expect(updates).toEqual([
      { id, baseVersion: 1, data: { pain: 1 } },
      { id, baseVersion: 2, data: { pain: 2 } },
    ]);
    expect(server.tables.records.get(id)).toMatchObject({ data: { pain: 2 }, version: 3 });
  });

  it('removes a refused record when its create is discarded', async () => {
    const patient = serverPatient(server);
    const { template } = serverTemplate(server);
    await pullChanges(database);
    const id = await draftFor(patient.id, template.id);
    server.setVerdict((mutation) => rejection(mutation, makeProblem('not-found', 404, 'Gone.')));
    await pushOutbox(database);
    const [refused] = await database.rejected.toArray();
    expect(await database.records.get(id)).toMatchObject({ status: 'draft' });

    await discardRejectedMutation(database, refused!.id);

    expect(await database.records.get(id)).toBeUndefined();
  });
});

describe('resync', () => {
  it('starts over without losing local templates, versions, records or the outbox', async () => {
    const patient = serverPatient(server);
    const { template, version } = serverTemplate(server);
    const remote: ClinicalRecord = serverRecord(server, { patient, version });
    await pullChanges(database);
    const local = await createTemplate({ name: 'Local only', fields: painFields });
    if (!local.ok) throw new Error(local.message);
    const published = await publishTemplate(template.id, {
      name: 'Edited',
      fields: painFields.slice(0, 1),
    });
    if (!published.ok) throw new Error(published.message);
    const draft = await draftFor(patient.id, template.id);
    await saveRecordData(draft, { pain: 7 });
    const outboxBefore = await database.outbox.toArray();

    server.changeEpoch();
    server.tables.records.delete(remote.id);
    const summary = await pullChanges(database);

    expect(summary.resynced).toBe(true);
    expect(await database.outbox.toArray()).toEqual(outboxBefore);
    expect(await database.records.get(remote.id)).toBeUndefined();
    expect(await database.records.get(draft)).toMatchObject({ data: { pain: 7 } });
    const localTemplate = await database.templates.get(local.id);
    expect(localTemplate).toMatchObject({ name: 'Local only' });
    expect(await database.templateVersions.get(localTemplate!.currentVersionId)).toBeDefined();
    expect(await database.templates.get(template.id)).toMatchObject({
      name: 'Edited',
      currentVersionNumber: 2,
    });
    expect(await database.templateVersions.get(published.versionId)).toMatchObject({ number: 2 });
    expect(await database.templateVersions.get(version.id)).toMatchObject({ number: 1 });
  });
});
