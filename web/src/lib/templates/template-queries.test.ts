import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { pullChanges } from '$lib/sync/pull';
import { painFields, serverTemplate } from '$lib/sync/testing/clinic-fixtures';
import { createFakeSyncServer } from '$lib/sync/testing/fake-sync-server';
import { firstValue } from '$lib/sync/testing/first-value';
import { freshDatabase } from '$lib/sync/testing/test-database';
import { deleteTemplate, publishTemplate } from './template-actions';
import { watchTemplates, watchTemplateVersions } from './template-queries';

beforeEach(async () => {
  const database = freshDatabase();
  const server = createFakeSyncServer();
  vi.stubGlobal('fetch', server.fetch);
  serverTemplate(server, { name: 'Wound', sortOrder: 3 });
  serverTemplate(server, { name: 'SOAP', sortOrder: 1 });
  serverTemplate(server, { name: 'Vitals', sortOrder: 2 });
  await pullChanges(database);
});

afterEach(() => {
  vi.unstubAllGlobals();
});

async function names(includeDeleted: boolean): Promise<string[]> {
  const templates = await firstValue(watchTemplates({ includeDeleted }));
  return templates.map((template) => template.name);
}

describe('watchTemplates', () => {
  it('lists templates in display order, deleted ones only when asked', async () => {
    const [, vitals] = await firstValue(watchTemplates({ includeDeleted: false }));
    await deleteTemplate(vitals!.id);

    expect(await names(false)).toEqual(['SOAP', 'Wound']);
    expect(await names(true)).toEqual(['SOAP', 'Vitals', 'Wound']);
  });
});

describe('watchTemplateVersions', () => {
  it('lists a template’s versions newest first, a version saved on this device included', async () => {
    const [soap] = await firstValue(watchTemplates({ includeDeleted: false }));
    await publishTemplate(soap!.id, { name: 'SOAP v2', fields: painFields.slice(0, 1) });

    const versions = await firstValue(watchTemplateVersions(soap!.id));

    expect(versions.map(({ number, name }) => ({ number, name }))).toEqual([
      { number: 2, name: 'SOAP v2' },
      { number: 1, name: 'SOAP' },
    ]);
  });
});
