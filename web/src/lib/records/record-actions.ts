import {
  jsonEqual,
  AddendumCreateArgs,
  RecordCreateArgs,
  RecordUpdateArgs,
  validate,
  validateRecordData,
  validateRecordPatch,
  type ClinicalRecord,
  type RecordData,
  type TemplateVersion,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { failure, invalid, type ActionFailure, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase } from '$lib/db/database';
import { jsonCopy } from '$lib/sync/json-copy';
import { appendMutation, unsentLastOf } from '$lib/sync/outbox';
import { getServerCopy, rebuildViews } from '$lib/sync/views';
import { writeLocally, writeLocallyWhileTyping, type WriteOutcome } from '$lib/sync/write-locally';

export type { ActionResult } from '$lib/api/action-result';
export { addendumTextFromRejected, discardRejectedRecordEdits } from './rejected-edits';

/** The server's own words for an edit of a signed record (problem `record-finalized`). */
export const SIGNED_RECORD_MESSAGE = 'This record has been signed. Add an addendum instead.';
export const NOT_COMPLETE_MESSAGE = 'This record is not complete yet.';
const NOT_ON_DEVICE = 'This record is not on this device.';
const DELETED = 'This record has been deleted. Restore it to change it.';
const VERSION_MISSING =
  'The template of this record has not fully arrived on this device yet. Try again after the next sync.';

/**
 * Starts a draft for a patient with the template's current version, and queues it. With
 * `appointmentId`, the draft is the note of that appointment (the server keeps one per appointment).
 */
export async function createRecord(
  patientId: string,
  templateId: string,
  options: { appointmentId?: string } = {},
): Promise<ActionResult<{ id: string }>> {
  const id = uuidv7();
  const result = await writeLocally(async (database) => {
    const patient = await database.patients.get(patientId);
    if (!patient) return failure('This patient is not on this device.');
    if (patient.deletedAt !== null)
      return failure('This patient has been deleted. Restore the patient to add records.');
    const template = await database.templates.get(templateId);
    if (!template) return failure('This template is not on this device.');
    if (template.deletedAt !== null) return failure('This template has been deleted.');
    const version = await database.templateVersions.get(template.currentVersionId);
    if (!version) return failure(VERSION_MISSING);

    const checked = validate(RecordCreateArgs, {
      id,
      patientId,
      templateVersionId: version.id,
      data: {},
      ...(options.appointmentId ? { appointmentId: options.appointmentId } : {}),
    });
    if (!checked.ok) return invalid(checked.issues);
    await appendMutation(database, 'record.create', checked.value, id, {
      templateId: version.templateId,
    });
    await rebuildViews(database, 'records', [id]);
    return 'queued';
  });
  return result.ok ? { ok: true, id } : result;
}

/**
 * Stores changed answers of a draft at once and queues them; never waits for the network. Only
 * the shape of each value is checked (a draft may be incomplete). Edits pile into the record's
 * last change while that has not been sent, so a burst of typing stays one mutation.
 */
export async function saveRecordData(id: string, patch: RecordData): Promise<ActionResult> {
  return writeLocallyWhileTyping(async (database) => {
    const found = await editableDraft(database, id);
    if ('ok' in found) return found;
    const { record, version } = found;
    const issues = validateRecordPatch(version.fields, patch);
    if (issues.length > 0) return invalid(issues);
    const changes = changedAnswers(record.data, jsonCopy(patch));
    if (Object.keys(changes).length === 0) return 'unchanged';
    const queued = await queueAnswers(database, record, changes);
    if (queued !== 'queued') return queued;
    await rebuildViews(database, 'records', [id]);
    return 'queued';
  });
}

async function editableDraft(
  database: BedsideDatabase,
  id: string,
): Promise<{ record: ClinicalRecord; version: TemplateVersion } | ActionFailure> {
  const record = await database.records.get(id);
  if (!record) return failure(NOT_ON_DEVICE);
  if (record.status !== 'draft') return failure(SIGNED_RECORD_MESSAGE);
  if (record.deletedAt !== null) return failure(DELETED);
  const version = await database.templateVersions.get(record.templateVersionId);
  if (!version) return failure(VERSION_MISSING);
  return { record, version };
}

/** The answers that differ from what the device shows; null (clear) only for answers it has. */
function changedAnswers(data: RecordData, patch: RecordData): RecordData {
  return Object.fromEntries(
    Object.entries(patch).filter(([fieldId, value]) => !jsonEqual(data[fieldId] ?? null, value)),
  );
}

async function queueAnswers(
  database: BedsideDatabase,
  record: ClinicalRecord,
  changes: RecordData,
): Promise<WriteOutcome> {
  const id = record.id;
  const unsent = await unsentLastOf(database, id);
  // Folding answers into an earlier entry moves them before whatever was queued after it, such
  // as the create of a photo they list, which the server must see first: fold into the last one only.
  const last = await database.outbox.orderBy('seq').last();
  const mergeable = unsent !== undefined && unsent.seq === last?.seq;
  if (mergeable && (unsent.name === 'record.create' || unsent.name === 'record.update')) {
    const previous = unsent.args['data'];
    const data = isData(previous) ? { ...previous, ...changes } : changes;
    // A create starts the record: what it clears, it simply leaves out.
    const args = {
      ...unsent.args,
      data: unsent.name === 'record.create' ? withoutNulls(data) : data,
    };
    const schema = unsent.name === 'record.create' ? RecordCreateArgs : RecordUpdateArgs;
    const checked = validate(schema, args);
    if (!checked.ok) return invalid(checked.issues);
    await database.outbox.put({ ...unsent, args });
    return 'queued';
  }
  const server = await getServerCopy(database, 'records', id);
  // Without a server copy the create was sent but has not come back yet: it will be version 1.
  const baseVersion = server?.version ?? Math.max(1, record.version);
  const checked = validate(RecordUpdateArgs, { id, baseVersion, data: changes });
  if (!checked.ok) return invalid(checked.issues);
  await appendMutation(database, 'record.update', checked.value, id);
  return 'queued';
}

function withoutNulls(data: RecordData): RecordData {
  return Object.fromEntries(Object.entries(data).filter(([, value]) => value != null));
}

function isData(value: unknown): value is RecordData {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Signs a draft: every rule of every visible field must hold first (the same check the server
 * runs). Queues `record.finalize`; the record shows as signed on this device at once.
 */
export async function finalizeRecord(id: string): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const record = await database.records.get(id);
    if (record && record.status !== 'draft') return 'unchanged';
    const found = await editableDraft(database, id);
    if ('ok' in found) return found;
    const issues = validateRecordData(found.version.fields, found.record.data, 'final');
    if (issues.length > 0) return invalid(issues, NOT_COMPLETE_MESSAGE);
    return queueStatusChange(database, id, 'record.finalize');
  });
}

/** Archives a signed record (the only way a signed record leaves the list). */
export async function archiveRecord(id: string): Promise<ActionResult> {
  return changeStatus(id, 'record.archive', (record) => {
    if (record.status === 'draft')
      return failure('Only a signed record can be archived; delete a draft instead.');
    return record.status === 'archived' ? 'unchanged' : undefined;
  });
}

export async function unarchiveRecord(id: string): Promise<ActionResult> {
  return changeStatus(id, 'record.unarchive', (record) => {
    if (record.status === 'draft') return failure('Only an archived record can be unarchived.');
    return record.status === 'finalized' ? 'unchanged' : undefined;
  });
}

/** Soft-deletes a draft; a signed record can only be archived. */
export async function deleteRecord(id: string): Promise<ActionResult> {
  return changeStatus(id, 'record.delete', (record) => {
    if (record.status !== 'draft')
      return failure('A signed record can only be archived, never deleted.');
    return record.deletedAt !== null ? 'unchanged' : undefined;
  });
}

export async function restoreRecord(id: string): Promise<ActionResult> {
  return changeStatus(id, 'record.restore', (record) =>
    record.deletedAt === null ? 'unchanged' : undefined,
  );
}

type StatusMutation =
  'record.finalize' | 'record.archive' | 'record.unarchive' | 'record.delete' | 'record.restore';

/** `refuse` answers why not (or that it is done already), or undefined to go ahead. */
function changeStatus(
  id: string,
  name: StatusMutation,
  refuse: (record: ClinicalRecord) => WriteOutcome | undefined,
): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const record = await database.records.get(id);
    if (!record) return failure(NOT_ON_DEVICE);
    return refuse(record) ?? queueStatusChange(database, id, name);
  });
}

async function queueStatusChange(
  database: BedsideDatabase,
  id: string,
  name: StatusMutation,
): Promise<WriteOutcome> {
  await appendMutation(database, name, { id }, id);
  await rebuildViews(database, 'records', [id]);
  return 'queued';
}

/** Adds a note under a signed record: the only change a signed record takes. */
export async function addAddendum(
  recordId: string,
  text: string,
): Promise<ActionResult<{ id: string }>> {
  const id = uuidv7();
  const checked = validate(AddendumCreateArgs, { id, recordId, text });
  if (!checked.ok) return invalid(checked.issues);
  const result = await writeLocally(async (database) => {
    const record = await database.records.get(recordId);
    if (!record) return failure(NOT_ON_DEVICE);
    if (record.status === 'draft') return failure('Edit the draft instead of adding an addendum.');
    await appendMutation(database, 'addendum.create', checked.value, id, {
      patientId: record.patientId,
    });
    await rebuildViews(database, 'addenda', [id]);
    return 'queued';
  });
  return result.ok ? { ok: true, id } : result;
}
