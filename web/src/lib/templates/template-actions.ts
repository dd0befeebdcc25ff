import {
  jsonEqual,
  TemplateVersionInput,
  validate,
  type Template,
  type TemplateField,
  type TemplateVersion,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { failure, invalid, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase } from '$lib/db/database';
import { jsonCopy } from '$lib/sync/json-copy';
import { appendMutation } from '$lib/sync/outbox';
import { getServerCopy, rebuildViews } from '$lib/sync/views';
import { writeLocally, type WriteOutcome } from '$lib/sync/write-locally';
import { liveTemplates, queueSortOrder, sortOrderAt, sortOrderAtEnd } from './template-order';

export type { ActionResult } from '$lib/api/action-result';
export { newFieldId } from './field-id';

/** What the editor saves: the content of a template version. */
export type TemplateContent = {
  name: string;
  description?: string | null;
  fields: TemplateField[];
};

const NOT_ON_DEVICE = 'This template is not on this device.';
const DELETED = 'This template has been deleted. Restore it first.';
const VERSION_MISSING =
  'This template has not fully arrived on this device yet. Try again after the next sync.';
const MAX_NAME = 120;

/** Checks the editor's content with the shared schema; issues name paths like `fields.2.label`. */
function checkContent(input: TemplateContent) {
  return validate(TemplateVersionInput, {
    id: uuidv7(),
    name: input.name,
    description: input.description ?? null,
    fields: jsonCopy(input.fields),
  });
}

/** Creates a template (version 1) on this device, placed last, and queues it. */
export async function createTemplate(
  input: TemplateContent,
): Promise<ActionResult<{ id: string }>> {
  const checked = checkContent(input);
  if (!checked.ok) return invalid(checked.issues);
  const id = uuidv7();
  const result = await writeLocally(async (database) => {
    await queueCreate(database, id, await sortOrderAtEnd(database), checked.value);
    return 'queued';
  });
  return result.ok ? { ok: true, id } : result;
}

async function queueCreate(
  database: BedsideDatabase,
  id: string,
  sortOrder: number,
  version: TemplateVersionInput,
): Promise<void> {
  await appendMutation(database, 'template.create', { id, sortOrder, version }, id);
  await rebuildViews(database, 'templates', [id]);
}

/**
 * Saves an edited template as a new version, which becomes the current one (records keep the
 * version they were written with). Saving unchanged content makes no new version.
 */
export async function publishTemplate(
  id: string,
  input: TemplateContent,
): Promise<ActionResult<{ versionId: string }>> {
  const checked = checkContent(input);
  if (!checked.ok) return invalid(checked.issues);
  let versionId = checked.value.id;
  const result = await writeLocally(async (database) => {
    const template = await database.templates.get(id);
    if (!template) return failure(NOT_ON_DEVICE);
    if (template.deletedAt !== null) return failure(DELETED);
    const current = await database.templateVersions.get(template.currentVersionId);
    if (current && sameContent(current, checked.value)) {
      versionId = current.id;
      return 'unchanged';
    }
    const server = await getServerCopy(database, 'templates', id);
    const baseVersion = server?.version ?? Math.max(1, template.version);
    await appendMutation(
      database,
      'template.publish',
      { id, baseVersion, version: checked.value },
      id,
    );
    await rebuildViews(database, 'templates', [id]);
    return 'queued';
  });
  return result.ok ? { ok: true, versionId } : result;
}

function sameContent(version: TemplateVersion, input: TemplateVersionInput): boolean {
  return (
    version.name === input.name &&
    version.description === (input.description ?? null) &&
    jsonEqual(version.fields, input.fields)
  );
}

/** Copies a template's current version into a new template, "Copy of …", right after it. */
export async function duplicateTemplate(id: string): Promise<ActionResult<{ id: string }>> {
  const copyId = uuidv7();
  const result = await writeLocally(async (database): Promise<WriteOutcome> => {
    const template = await database.templates.get(id);
    if (!template) return failure(NOT_ON_DEVICE);
    const version = await database.templateVersions.get(template.currentVersionId);
    if (!version) return failure(VERSION_MISSING);
    const checked = validate(TemplateVersionInput, {
      id: uuidv7(),
      name: `Copy of ${version.name}`.slice(0, MAX_NAME),
      description: version.description,
      fields: version.fields,
    });
    // A version the server accepted passes the same schema; this only guards odd local data.
    if (!checked.ok) return invalid(checked.issues);
    const live = await liveTemplates(database);
    const after = live.findIndex((row) => row.id === id);
    const index = after === -1 ? live.length : after + 1;
    await queueCreate(database, copyId, await sortOrderAt(database, live, index), checked.value);
    return 'queued';
  });
  return result.ok ? { ok: true, id: copyId } : result;
}

/** Moves a template to `toIndex` of the list of templates that are not deleted. */
export async function moveTemplate(id: string, toIndex: number): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const live = await liveTemplates(database);
    const from = live.findIndex((template) => template.id === id);
    const moving = live[from];
    if (!moving) return failure((await database.templates.get(id)) ? DELETED : NOT_ON_DEVICE);
    const to = Math.min(Math.max(0, Math.trunc(toIndex)), live.length - 1);
    if (to === from) return 'unchanged';
    const others = live.filter((template) => template.id !== id);
    await queueSortOrder(database, moving, await sortOrderAt(database, others, to));
    return 'queued';
  });
}

/** Soft-deletes a template; records written with it keep working. */
export async function deleteTemplate(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'template.delete', (template) => template.deletedAt !== null);
}

export async function restoreTemplate(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'template.restore', (template) => template.deletedAt === null);
}

function queueStateChange(
  id: string,
  name: 'template.delete' | 'template.restore',
  alreadyDone: (template: Template) => boolean,
): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const template = await database.templates.get(id);
    if (!template) return failure(NOT_ON_DEVICE);
    if (alreadyDone(template)) return 'unchanged';
    await appendMutation(database, name, { id }, id);
    await rebuildViews(database, 'templates', [id]);
    return 'queued';
  });
}
