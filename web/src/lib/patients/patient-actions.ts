import {
  jsonEqual,
  PatientCreateArgs,
  PatientFields,
  patientFields,
  validate,
  type Patient,
  type PatientField,
} from '@bedside/shared';
import * as v from 'valibot';
import { uuidv7 } from 'uuidv7';
import { invalid, failure, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase, OutboxEntry, RejectedMutation } from '$lib/db/database';
import { appendMutation } from '$lib/sync/outbox';
import { rebuildViews } from '$lib/sync/views';
import { writeLocally } from '$lib/sync/write-locally';

export type { ActionResult } from '$lib/api/action-result';

const PatientChanges = v.partial(PatientFields);
type PatientChanges = v.InferOutput<typeof PatientChanges>;

const NOT_ON_DEVICE = 'This patient is not on this device.';

/** Optional fields a form sends as '' (an empty select or date) mean "none". */
const emptyMeansNone: readonly string[] = ['birthDate', 'sex'];

function formValues(fields: unknown): Record<string, unknown> | undefined {
  if (typeof fields !== 'object' || fields === null || Array.isArray(fields)) return undefined;
  return Object.fromEntries(
    Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, value === '' && emptyMeansNone.includes(key) ? null : value]),
  );
}

/** A create carries every field, empty ones as null, so the server row matches the device's. */
function completeCreateArgs(value: PatientCreateArgs): Pick<Patient, 'id' | PatientField> {
  return {
    id: value.id,
    givenName: value.givenName,
    familyName: value.familyName,
    birthDate: value.birthDate ?? null,
    sex: value.sex ?? null,
    identifier: value.identifier ?? null,
    phone: value.phone ?? null,
    email: value.email ?? null,
    notes: value.notes ?? null,
    address: value.address ?? null,
    emergencyName: value.emergencyName ?? null,
    emergencyRelationship: value.emergencyRelationship ?? null,
    emergencyPhone: value.emergencyPhone ?? null,
    allergies: value.allergies ?? null,
    reminderConsent: value.reminderConsent ?? false,
  };
}

function rebuildPatientView(database: BedsideDatabase, id: string): Promise<void> {
  return rebuildViews(database, 'patients', [id]);
}

/** Creates a patient on this device and queues it for the server. */
export async function createPatient(fields: unknown): Promise<ActionResult<{ id: string }>> {
  const values = formValues(fields);
  if (!values) return failure('Nothing to save.');
  const id = uuidv7();
  const checked = validate(PatientCreateArgs, { ...values, id });
  if (!checked.ok) return invalid(checked.issues);

  const args = completeCreateArgs(checked.value);
  const result = await writeLocally(async (database) => {
    await appendMutation(database, 'patient.create', args, id);
    await rebuildPatientView(database, id);
    return 'queued';
  });
  return result.ok ? { ok: true, id } : result;
}

/**
 * Saves the changed fields of a patient. Also folds this patient's rejected creates and updates
 * into the new mutation, which is how "Fix" works: the user corrects the form and saves.
 */
export async function updatePatient(
  id: string,
  fields: Record<string, unknown>,
): Promise<ActionResult> {
  const values = formValues(fields);
  if (!values) return failure('Nothing to save.');
  const checked = validate(PatientChanges, values);
  if (!checked.ok) return invalid(checked.issues);

  return writeLocally(async (database) => {
    const view = await database.patients.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    const changes = changedFields(view, checked.value);
    const rejected = (await database.rejected.where('entityId').equals(id).sortBy('seq')).filter(
      (mutation) => mutation.name === 'patient.create' || mutation.name === 'patient.update',
    );
    if (Object.keys(changes).length === 0 && rejected.length === 0) return 'unchanged';

    await database.rejected.bulkDelete(rejected.map((mutation) => mutation.id));
    await queueChanges(database, view, changes, rejected);
    await rebuildPatientView(database, id);
    return 'queued';
  });
}

async function queueChanges(
  database: BedsideDatabase,
  view: Patient,
  changes: PatientChanges,
  folded: RejectedMutation[],
): Promise<void> {
  const id = view.id;
  if (folded.some((mutation) => mutation.name === 'patient.create')) {
    // The server never got this patient: send it again whole, as the user now sees it.
    const args = { ...pickFields(view), ...changes, id };
    await appendMutation(database, 'patient.create', args, id);
    return;
  }
  const foldedFields = folded.map((mutation) => fieldsOf(mutation.args['fields']));
  const fields = Object.assign({}, ...foldedFields, changes);

  const unsentCreate = await database.outbox
    .where('entityId')
    .equals(id)
    .filter((entry) => entry.name === 'patient.create' && entry.sentAt === undefined)
    .last();
  if (unsentCreate) {
    // Never sent: the create carries the new values. A create already sent may be on the
    // server whatever its answer says, so an edit to it goes out as an update below instead.
    const merged: OutboxEntry = { ...unsentCreate, args: { ...unsentCreate.args, ...fields } };
    await database.outbox.put(merged);
    return;
  }
  const server = await database.serverRows.get(['patients', id]);
  // The server copy the user was looking at. Without one, the create was sent but its row has
  // not come back yet: it will be version 1.
  const baseVersion = server?.version ?? Math.max(1, view.version);
  await appendMutation(database, 'patient.update', { id, baseVersion, fields }, id);
}

/** Soft-deletes a patient on this device and queues the delete. */
export async function deletePatient(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'patient.delete', (row) => row.deletedAt !== null);
}

/** Brings back a deleted patient and queues the restore. */
export async function restorePatient(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'patient.restore', (row) => row.deletedAt === null);
}

async function queueStateChange(
  id: string,
  name: 'patient.delete' | 'patient.restore',
  alreadyDone: (row: Patient) => boolean,
): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const view = await database.patients.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    if (alreadyDone(view)) return 'unchanged';
    await appendMutation(database, name, { id }, id);
    await rebuildPatientView(database, id);
    return 'queued';
  });
}

/**
 * The row's fields; a row stored before a field existed sends it as null, or the consent as off.
 */
function pickFields(row: Patient): Pick<Patient, PatientField> {
  return Object.fromEntries(
    patientFields.map((field) => [
      field,
      row[field] ?? (field === 'reminderConsent' ? false : null),
    ]),
  ) as Pick<Patient, PatientField>;
}

/** The fields whose value differs from what the device shows now. */
function changedFields(
  view: Patient,
  values: PatientChanges,
): Partial<Pick<Patient, PatientField>> {
  const changes: Partial<Pick<Patient, PatientField>> = {};
  for (const field of patientFields) {
    const value = values[field];
    if (value !== undefined && !jsonEqual(value, view[field]))
      Object.assign(changes, { [field]: value });
  }
  return changes;
}

function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === 'object' && value !== null ? { ...value } : {};
}
