import {
  AppointmentCancelArgs,
  AppointmentCreateArgs,
  AppointmentUpdateArgs,
  appointmentEditableFields,
  appointmentTimesProblem,
  jsonEqual,
  statusMoveAllowed,
  validate,
  type Appointment,
  type AppointmentEditableField,
  type AppointmentStatus,
  type FieldIssue,
} from '@bedside/shared';
import { weeklySeries, WeeklyRepeat } from '@bedside/shared/weekly-series';
import { uuidv7 } from 'uuidv7';
import { failure, invalid, type ActionResult } from '$lib/api/action-result';
import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';
import { appendMutation, unsentLastOf } from '$lib/sync/outbox';
import { getServerCopy, rebuildViews } from '$lib/sync/views';
import { writeLocally, type WriteOutcome } from '$lib/sync/write-locally';

export type { ActionResult } from '$lib/api/action-result';

const NOT_ON_DEVICE = 'This appointment is not on this device.';
const DELETED = 'This appointment has been deleted. Restore it to change it.';

type Fields = {
  patientId: string;
  clinicianId: string;
  typeId: string | null;
  startsAt: string;
  endsAt: string;
  reason: string | null;
  location: string | null;
  notes: string | null;
};

export type BookingInput = Partial<Fields> & {
  repeat?: { everyWeeks: number; count: number };
  /**
   * A booking the server refused, sent again corrected under its own id: it leaves "needs
   * attention" in the same write.
   */
  rebooking?: { id: string; rejectedId: string };
  /** The clinic's zone, in which a series keeps its wall-clock time (required to repeat). */
  timeZone?: string;
};

/** A form's empty choices mean "none chosen", said in words the clinician can act on. */
function missingChoices(fields: Partial<Fields>): FieldIssue[] {
  return [
    ...(fields.patientId ? [] : [{ field: 'patientId', message: 'Choose a patient.' }]),
    ...(fields.clinicianId ? [] : [{ field: 'clinicianId', message: 'Choose a clinician.' }]),
  ];
}

/** '' from a select with nothing chosen is no type. */
function formFields<T extends Partial<Fields>>(fields: T): T {
  return fields.typeId === '' ? { ...fields, typeId: null } : fields;
}

/**
 * Books one appointment, or a weekly series (`repeat`: each its own appointment and mutation,
 * sharing a `seriesId`, each at the first one's wall-clock time in `timeZone`). All are written
 * and queued in one local transaction.
 *
 * @example bookAppointments({ patientId, clinicianId, startsAt, endsAt, repeat: { everyWeeks: 1, count: 6 }, timeZone })
 */
export async function bookAppointments(
  input: BookingInput,
): Promise<ActionResult<{ ids: string[] }>> {
  const { repeat, timeZone, rebooking, ...rest } = input;
  if (repeat && rebooking) throw new Error('bookAppointments: a refused booking is not repeated.');
  const fields = formFields(rest);
  const missing = missingChoices(fields);
  const first = validate(AppointmentCreateArgs, { ...fields, id: rebooking?.id ?? uuidv7() });
  const issues = [...missing, ...(first.ok ? [] : first.issues), ...timesIssues(fields)].filter(
    (issue, index, all) => all.findIndex((other) => other.field === issue.field) === index,
  );
  if (repeat) {
    const checked = validate(WeeklyRepeat, repeat);
    if (!checked.ok)
      issues.push(...checked.issues.map((issue) => ({ ...issue, field: `repeat.${issue.field}` })));
    if (!timeZone) throw new Error('bookAppointments: a series needs the clinic time zone.');
  }
  if (issues.length > 0 || !first.ok) return invalid(issues);

  const times =
    repeat && timeZone
      ? weeklySeries({ ...first.value, ...repeat, timeZone })
      : [{ startsAt: first.value.startsAt, endsAt: first.value.endsAt }];
  const seriesId = times.length > 1 ? uuidv7() : null;
  const ids = times.map((_, index) => (index === 0 ? first.value.id : uuidv7()));
  const result = await writeLocally(async (database) => {
    const patient = await database.patients.get(first.value.patientId);
    if (!patient) return failure('This patient is not on this device.');
    if (patient.deletedAt !== null)
      return failure('This patient was deleted. Restore them to book.');
    if (rebooking) await database.rejected.delete(rebooking.rejectedId);
    for (const [index, time] of times.entries()) {
      const id = ids[index] ?? uuidv7();
      const args = { ...completeCreate(first.value), ...time, id, seriesId };
      await appendMutation(database, 'appointment.create', args, id);
    }
    await rebuildViews(database, 'appointments', ids);
    return 'queued';
  });
  return result.ok ? { ok: true, ids } : result;
}

/** The times' problem even when another field failed first (valibot stops at the object). */
function timesIssues({ startsAt, endsAt }: Partial<Fields>): FieldIssue[] {
  const [start, end] = [Date.parse(startsAt ?? ''), Date.parse(endsAt ?? '')];
  if (Number.isNaN(start) || Number.isNaN(end)) return [];
  const problem = appointmentTimesProblem(
    new Date(start).toISOString(),
    new Date(end).toISOString(),
  );
  return problem ? [{ field: 'endsAt', message: problem }] : [];
}

/** A create carries every field, empty ones as null, so the server row matches the device's. */
function completeCreate(value: AppointmentCreateArgs): Record<string, unknown> {
  return {
    id: value.id,
    patientId: value.patientId,
    clinicianId: value.clinicianId,
    typeId: value.typeId ?? null,
    startsAt: value.startsAt,
    endsAt: value.endsAt,
    reason: value.reason ?? null,
    location: value.location ?? null,
    notes: value.notes ?? null,
    seriesId: value.seriesId ?? null,
  };
}

/**
 * Saves the changed fields of an appointment. They go into its create while that has not been
 * sent, else into an update (merged into its last update while that is unsent and last in line).
 */
export async function updateAppointment(
  id: string,
  fields: Partial<Fields>,
): Promise<ActionResult> {
  const values = formFields(fields);
  const missing = missingChoices({ patientId: 'kept', clinicianId: 'kept', ...values });
  if (missing.length > 0) return invalid(missing);
  return writeLocally((database) => queueEdit(database, id, values));
}

/** Moves (or resizes) an appointment, to another clinician too: what a calendar drag does. */
export async function moveAppointment(
  id: string,
  startsAt: string,
  endsAt: string,
  clinicianId?: string,
): Promise<ActionResult> {
  return updateAppointment(id, { startsAt, endsAt, ...(clinicianId && { clinicianId }) });
}

/** Marks arrived, completed or no-show, or undoes that (back to booked or arrived). */
export async function setAppointmentStatus(
  id: string,
  status: Exclude<AppointmentStatus, 'cancelled'>,
): Promise<ActionResult> {
  return writeLocally((database) => queueEdit(database, id, { status }));
}

async function queueEdit(
  database: BedsideDatabase,
  id: string,
  values: Partial<Fields> & { status?: AppointmentStatus },
): Promise<WriteOutcome> {
  const view = await database.appointments.get(id);
  if (!view) return failure(NOT_ON_DEVICE);
  if (view.deletedAt !== null) return failure(DELETED);
  const changes = changedFields(view, values);
  const refused = await refusedEdits(database, id);
  if (Object.keys(changes).length === 0) {
    // Saving a refused appointment unchanged sends it again as it stands.
    if (refused.length === 0) return 'unchanged';
    return resendRefused(database, view, {}, refused);
  }
  const checked = validate(AppointmentUpdateArgs, { id, baseVersion: 1, fields: changes });
  if (!checked.ok) return invalid(checked.issues.map(withoutFieldsPrefix));
  const fields = checked.value.fields;
  if (fields.status && !statusMoveAllowed(view.status, fields.status))
    return failure(`An appointment that is ${view.status} cannot be set to ${fields.status}.`);
  const startsAt = fields.startsAt ?? view.startsAt;
  const endsAt = fields.endsAt ?? view.endsAt;
  const times = validate(AppointmentCreateArgs, {
    ...completeCreate({ ...view }),
    startsAt,
    endsAt,
  });
  if (!times.ok) return invalid(times.issues);
  if (refused.length > 0) return resendRefused(database, view, fields, refused);

  const unsent = await unsentLastOf(database, id);
  const last = await database.outbox.orderBy('seq').last();
  // A create or update may take the new values while unsent. A create earlier in line takes
  // them too, unless they point at a row (patient, type) whose create may be queued after it.
  const pointsElsewhere = 'patientId' in fields || 'typeId' in fields;
  const isLast = unsent !== undefined && unsent.seq === last?.seq;
  if (unsent?.name === 'appointment.create' && !fields.status && (isLast || !pointsElsewhere)) {
    await database.outbox.put({ ...unsent, args: { ...unsent.args, ...fields } });
  } else if (unsent?.name === 'appointment.update' && isLast) {
    const previous = unsent.args['fields'];
    const merged = { ...(typeof previous === 'object' ? previous : {}), ...fields };
    await database.outbox.put({ ...unsent, args: { ...unsent.args, fields: merged } });
  } else {
    const baseVersion = await baseVersionOf(database, view);
    await appendMutation(database, 'appointment.update', { id, baseVersion, fields }, id);
  }
  await rebuildViews(database, 'appointments', [id]);
  return 'queued';
}

/** The booking or edits of this appointment the server refused, oldest first. */
async function refusedEdits(database: BedsideDatabase, id: string): Promise<RejectedMutation[]> {
  const refused = await database.rejected.where('entityId').equals(id).sortBy('seq');
  return refused.filter(
    (mutation) => mutation.name === 'appointment.create' || mutation.name === 'appointment.update',
  );
}

/**
 * Saving is how a refused booking or edit is fixed (the dialog shows why it was refused): it goes
 * out again with this save's fields folded in, and leaves "needs attention". A booking the
 * server never took is sent again whole, as the appointment now stands on this device.
 */
async function resendRefused(
  database: BedsideDatabase,
  view: Appointment,
  fields: Record<string, unknown>,
  refused: RejectedMutation[],
): Promise<WriteOutcome> {
  await database.rejected.bulkDelete(refused.map((mutation) => mutation.id));
  if (refused.some((mutation) => mutation.name === 'appointment.create')) {
    const create = completeCreate({ ...view, ...fields } as AppointmentCreateArgs);
    await appendMutation(database, 'appointment.create', create, view.id);
  } else {
    const folded = Object.assign({}, ...refused.map(refusedFields), fields);
    const baseVersion = await baseVersionOf(database, view);
    await appendMutation(
      database,
      'appointment.update',
      { id: view.id, baseVersion, fields: folded },
      view.id,
    );
  }
  await rebuildViews(database, 'appointments', [view.id]);
  return 'queued';
}

function refusedFields(mutation: RejectedMutation): Record<string, unknown> {
  const fields = mutation.args['fields'];
  return typeof fields === 'object' && fields !== null ? (fields as Record<string, unknown>) : {};
}

/** Cancels a booked or arrived appointment; a reason is required. */
export async function cancelAppointment(id: string, reason: string): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const view = await database.appointments.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    if (view.deletedAt !== null) return failure(DELETED);
    const baseVersion = await baseVersionOf(database, view);
    const checked = validate(AppointmentCancelArgs, { id, baseVersion, reason });
    if (!checked.ok) return invalid(checked.issues, checked.issues[0]?.message);
    if (view.status === 'completed' || view.status === 'no-show')
      return failure(`An appointment that is ${view.status} cannot be set to cancelled.`);
    if (view.status === 'cancelled' && view.cancelReason === checked.value.reason)
      return 'unchanged';
    await appendMutation(database, 'appointment.cancel', checked.value, id);
    await rebuildViews(database, 'appointments', [id]);
    return 'queued';
  });
}

/** Soft-deletes an appointment (restorable). */
export function deleteAppointment(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'appointment.delete', (row) => row.deletedAt !== null);
}

export function restoreAppointment(id: string): Promise<ActionResult> {
  return queueStateChange(id, 'appointment.restore', (row) => row.deletedAt === null);
}

function queueStateChange(
  id: string,
  name: 'appointment.delete' | 'appointment.restore',
  alreadyDone: (row: Appointment) => boolean,
): Promise<ActionResult> {
  return writeLocally(async (database) => {
    const view = await database.appointments.get(id);
    if (!view) return failure(NOT_ON_DEVICE);
    if (alreadyDone(view)) return 'unchanged';
    await appendMutation(database, name, { id }, id);
    await rebuildViews(database, 'appointments', [id]);
    return 'queued';
  });
}

/** The server version the device shows; a create sent but not back yet will be version 1. */
async function baseVersionOf(database: BedsideDatabase, view: Appointment): Promise<number> {
  const server = await getServerCopy(database, 'appointments', view.id);
  return server?.version ?? Math.max(1, view.version);
}

function changedFields(
  view: Appointment,
  values: Partial<Record<AppointmentEditableField, unknown>>,
): Record<string, unknown> {
  const changes: Record<string, unknown> = {};
  for (const field of appointmentEditableFields) {
    const value = values[field];
    if (value === undefined) continue;
    const normalised = typeof value === 'string' && field.endsWith('At') ? isoOrAsIs(value) : value;
    const shown = view[field];
    const empty = normalised === '' && shown === null;
    if (!empty && !jsonEqual(normalised, shown)) changes[field] = normalised;
  }
  return changes;
}

function isoOrAsIs(text: string): string {
  const time = Date.parse(text);
  return Number.isNaN(time) ? text : new Date(time).toISOString();
}

/** `fields.reason` → `reason`: forms name their fields without the args' nesting. */
function withoutFieldsPrefix(issue: FieldIssue): FieldIssue {
  return { ...issue, field: issue.field.replace(/^fields\./, '') };
}
