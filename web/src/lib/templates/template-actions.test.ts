import type { TemplateField } from '@bedside/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { BedsideDatabase } from '$lib/db/database';
import { pullChanges } from '$lib/sync/pull';
import { pushOutbox } from '$lib/sync/push';
import { painFields, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer, type FakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { freshDatabase } from '$lib/sync/testing/test-database';
import {
  createTemplate,
  deleteTemplate,
  duplicateTemplate,
  moveTemplate,
  newFieldId,
  publishTemplate,
  restoreTemplate,
} from './template-actions';

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

async function created(name: string, fields: TemplateField[] = painFields): Promise<string> {
  const result = await createTemplate({ name, fields });
  if (!result.ok) throw new Error(result.message);
  return result.id;
}

async function listedNames(): Promise<string[]> {
  const rows = await database.templates.orderBy('sortOrder').toArray();
  return rows.filter((row) => row.deletedAt === null).map((row) => row.name);
}

describe('createTemplate', () => {
  it('stores the template and its first version, placed last, and queues one create', async () => {
    await created('SOAP');
    const id = await created('Vitals', [painFields[0]!]);

    const template = await database.templates.get(id);
    expect(template).toMatchObject({ name: 'Vitals', currentVersionNumber: 1, version: 0 });
    expect(await database.templateVersions.get(template!.currentVersionId)).toMatchObject({
      templateId: id,
      number: 1,
      name: 'Vitals',
      fields: [expect.objectContaining({ id: 'pain' })],
    });
    expect(await listedNames()).toEqual(['SOAP', 'Vitals']);
    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => entry.name)).toEqual(['template.create', 'template.create']);
  });

  it('answers with the shared schema messages at the editor’s paths and stores nothing', async () => {
    const result = await createTemplate({
      name: ' ',
      fields: [
        { id: 'a', label: 'A', type: 'text', required: false },
        { id: 'b', label: '', type: 'text', required: false },
      ],
    });

    expect(result).toEqual({
      ok: false,
      message: 'Some fields need correcting.',
      issues: [
        { field: 'name', message: 'Template name is required.' },
        { field: 'fields.1.label', message: 'Label is required.' },
      ],
    });
    expect(await database.templates.count()).toBe(0);
    expect(await database.outbox.count()).toBe(0);
  });
});

describe('publishTemplate', () => {
  it('makes a new current version numbered after the current one; the old stays readable', async () => {
    const { template, version } = serverTemplate(server);
    await pullChanges(database);

    const result = await publishTemplate(template.id, {
      name: 'Pain check (revised)',
      fields: [...painFields, { id: 'sleep', label: 'Sleep', type: 'checkbox', required: false }],
    });
    if (!result.ok) throw new Error(result.message);

    expect(await database.templates.get(template.id)).toMatchObject({
      name: 'Pain check (revised)',
      currentVersionId: result.versionId,
      currentVersionNumber: 2,
    });
    expect(await database.templateVersions.get(result.versionId)).toMatchObject({ number: 2 });
    expect(await database.templateVersions.get(version.id)).toMatchObject({ number: 1 });
    const [publish] = await database.outbox.toArray();
    expect(publish).toMatchObject({
      name: 'template.publish',
      args: { id: template.id, baseVersion: 1, version: { id: result.versionId } },
    });

    // Pushed, but not yet pulled: the new version stays on the device.
    await pushOutbox(database);
    expect(await database.templateVersions.get(result.versionId)).toMatchObject({ number: 2 });
    await pullChanges(database);
    expect(await database.templateVersions.get(result.versionId)).toMatchObject({
      number: 2,
      version: 1,
    });
  });

  it('makes no new version when nothing changed', async () => {
    const { template, version } = serverTemplate(server);
    await pullChanges(database);

    const result = await publishTemplate(template.id, { name: 'Pain check', fields: painFields });

    expect(result).toEqual({ ok: true, versionId: version.id });
    expect(await database.outbox.count()).toBe(0);
  });

  it('refuses a deleted template', async () => {
    const id = await created('SOAP');
    await deleteTemplate(id);
    expect(await publishTemplate(id, { name: 'SOAP 2', fields: painFields })).toMatchObject({
      ok: false,
    });
  });
});

describe('duplicateTemplate', () => {
  it('copies the current version into "Copy of …" right after the original', async () => {
    const first = await created('SOAP');
    await created('Vitals');

    const copy = await duplicateTemplate(first);
    if (!copy.ok) throw new Error(copy.message);

    expect(await listedNames()).toEqual(['SOAP', 'Copy of SOAP', 'Vitals']);
    const row = await database.templates.get(copy.id);
    expect((await database.templateVersions.get(row!.currentVersionId))?.fields).toEqual(
      painFields,
    );
  });
});

describe('moveTemplate', () => {
  it('moves between the neighbours and folds the move into a create not yet sent', async () => {
    await created('A');
    await created('B');
    const c = await created('C');

    await moveTemplate(c, 0);
    expect(await listedNames()).toEqual(['C', 'A', 'B']);
    await moveTemplate(c, 1);
    expect(await listedNames()).toEqual(['A', 'C', 'B']);

    const outbox = await database.outbox.orderBy('seq').toArray();
    expect(outbox.map((entry) => entry.name)).toEqual([
      'template.create',
      'template.create',
      'template.create',
    ]);
  });

  it('queues one move for a synced template however often it is dragged', async () => {
    const a = serverTemplate(server, { name: 'A', sortOrder: 1 }).template.id;
    serverTemplate(server, { name: 'B', sortOrder: 2 });
    serverTemplate(server, { name: 'C', sortOrder: 3 });
    await pullChanges(database);

    await moveTemplate(a, 2);
    await moveTemplate(a, 1);

    expect(await listedNames()).toEqual(['B', 'A', 'C']);
    const outbox = await database.outbox.toArray();
    expect(outbox).toEqual([
      expect.objectContaining({
        name: 'template.update',
        args: { id: a, baseVersion: 1, fields: { sortOrder: 2.5 } },
      }),
    ]);
  });

  it('numbers the list afresh when there is no room between the neighbours', async () => {
    serverTemplate(server, { name: 'A', sortOrder: 1 });
    serverTemplate(server, { name: 'B', sortOrder: 1 + 1e-9 });
    const c = serverTemplate(server, { name: 'C', sortOrder: 3 }).template.id;
    await pullChanges(database);

    await moveTemplate(c, 1);

    expect(await listedNames()).toEqual(['A', 'C', 'B']);
    const moves = await database.outbox.orderBy('seq').toArray();
    expect(moves.map((entry) => entry.args['fields'])).toEqual([
      { sortOrder: 1024 },
      { sortOrder: 3072 },
      { sortOrder: 2048 },
    ]);
  });
});

describe('deleteTemplate and restoreTemplate', () => {
  it('soft-delete and restore, keeping the place in the list', async () => {
    const a = await created('A');
    await created('B');

    await deleteTemplate(a);
    expect(await listedNames()).toEqual(['B']);
    await restoreTemplate(a);
    expect(await listedNames()).toEqual(['A', 'B']);
  });
});

describe('newFieldId', () => {
  it('makes an id from the label that no field has yet', () => {
    expect(newFieldId([], 'Pain score (0–10)')).toBe('pain_score_0_10');
    expect(newFieldId(['pain_score'], 'Pain score')).toBe('pain_score_2');
    expect(newFieldId(['field', 'field_2'])).toBe('field_3');
    expect(newFieldId([], 'Größe')).toBe('grosse');
    expect(newFieldId([], '2nd visit')).toBe('f_2nd_visit');
    expect(newFieldId([], 'x'.repeat(60))).toHaveLength(40);
  });
});
