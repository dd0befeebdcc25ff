import {
  AppointmentTypeCreateArgs,
  AppointmentTypeUpdateArgs,
  appointmentTypeEditableFields,
  appointmentTypeNameKey,
  jsonEqual,
  validate,
  type AppointmentType,
} from '@bedside/shared';
import { uuidv7 } from 'uuidv7';
import { failure, invalid, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase } from '$lib/db/database';
import { appendMutation, unsentLastOf } from '$lib/sync/outbox';
import { getServerCopy, rebuildViews } from '$lib/sync/views';
import { writeLocally, type WriteOutcome } from '$lib/sync/write-locally';

const NOT_ON_DEVICE = 'This appointment type is not on this device.';
const NAME_TAKEN = 'Another appointment type already has this name.';

export type AppointmentTypeFields = {
  name: string;
  durationMinutes: number;
  colour: string;
  templateId: string | null;
};

/** '' from a select with nothing chosen is no template. */
function formFields<T extends Partial<AppointmentTypeFields>>(fields: T): T {
  return fields.templateId === '' ? { ...fields, templateId: null } : fields;
}

/** Whether another live type on this device has the name (the server decides for certain). */
async function nameTaken(database: BedsideDatabase, name: string, id: string): Promise<boolean> {
  const key = appointmentTypeNameKey(name);
  const types = await database.appointmentTypes.toArray();
  return types.some(
    (type) =>
      type.id !== id && type.deletedAt === null && appointmentTypeNameKey(type.name) === key,
  );
}

/** Adds an appointment type on this device and queues it. */
export async function createAppointmentType(
  fields: Partial<AppointmentTypeFields>,
): Promise<ActionResult<{ id: string }>> {
  const id = uuidv7();
  const checked = validate(AppointmentTypeCreateArgs, { ...formFields(fields), id });
  if (!checked.ok) return invalid(checked.issues);
  const args = { ...checked.value, templateId: checked.value.templateId ?? null };
  const result = await writeLocally(async (database) => {
    if (await nameTaken(database, args.name, id))
      return invalid([{ field: 'name', message: NAME_TAKEN }]);
    await appendMutation(database, 'appointmentType.create', args, id);
    await rebuildViews(database, 'appointmentTypes', [id]);
    return 'queued';
  });
  return result.ok ? { ok: true, id } : result;
}

/** Saves the changed fields of a type (into its create while that is unsent). */
export async function updateAppointmentType(
  id: string,
  fields: Partial<AppointmentTypeFields>,
): Promise<ActionResult> {
  const values = formFields(fields);
  return writeLocally(async (database): Promise<WriteOutcome> => {
    const view = await database.appointmentTypes.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    const changes = changedFields(view, values);
    if (Object.keys(changes).length === 0) return 'unchanged';
    const checked = validate(AppointmentTypeUpdateArgs, { id, baseVersion: 1, fields: changes });
    if (!checked.ok)
      return invalid(
        checked.issues.map((issue) => ({ ...issue, field: issue.field.replace(/^fields\./, '') })),
      );
    const changed = checked.value.fields;
    if (changed.name !== undefined && (await nameTaken(database, changed.name, id)))
      return invalid([{ field: 'name', message: NAME_TAKEN }]);
    const unsent = await unsentLastOf(database, id);
    if (unsent?.name === 'appointmentType.create') {
      await database.outbox.put({ ...unsent, args: { ...unsent.args, ...changed } });
    } else {
      const server = await getServerCopy(database, 'appointmentTypes', id);
      const baseVersion = server?.version ?? Math.max(1, view.version);
      await appendMutation(
        database,
        'appointmentType.update',
        { id, baseVersion, fields: changed },
        id,
      );
    }
    await rebuildViews(database, 'appointmentTypes', [id]);
    return 'queued';
  });
}

/** Soft-deletes a type: its appointments keep it, new ones cannot choose it. */
export function deleteAppointmentType(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'appointmentType.delete');
}

/** Brings a deleted type back, unless another live type has taken its name. */
export function restoreAppointmentType(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'appointmentType.restore');
}

function queueStateChange(
  id: string,
  name: 'appointmentType.delete' | 'appointmentType.restore',
): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const view = await database.appointmentTypes.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    const deleting = name === 'appointmentType.delete';
    if ((view.deletedAt !== null) === deleting) return 'unchanged';
    if (!deleting && (await nameTaken(database, view.name, id)))
      return failure(`Another appointment type is called ${view.name} now. Rename it first.`);
    await appendMutation(database, name, { id }, id);
    await rebuildViews(database, 'appointmentTypes', [id]);
    return 'queued';
  });
}

function changedFields(
  view: AppointmentType,
  values: Partial<AppointmentTypeFields>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of appointmentTypeEditableFields) {
    const value = values[field];
    if (value !== undefined && !jsonEqual(value, view[field])) changes[field] = value;
  }
  return changes;
}
