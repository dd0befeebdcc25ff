import { failure, type ActionResult } from '$lib/api/action-result';
import { db, type BedsideDatabase } from '$lib/db/database';
import { createRecord } from '$lib/records/record-actions';
import { notesOfAppointments } from './appointment-notes';

export type StartedNote = { recordId: string; patientId: string; created: boolean };

/**
 * Opens the note of an appointment: its live record on this device if there is one, else a new
 * draft with the appointment type's default template (the built-in SOAP note when the type has
 * none, or its template is gone). Works offline; the server keeps one note per appointment.
 *
 * @example const started = await startNoteForAppointment(id); if (started.ok) goto(recordPath(started))
 */
export async function startNoteForAppointment(
  appointmentId: string,
): Promise<ActionResult<StartedNote>> {
  const database = db;
  const appointment = await database.appointments.get(appointmentId);
  if (!appointment) return failure('This appointment is not on this device.');
  if (appointment.deletedAt !== null)
    return failure('This appointment was deleted. Restore it to add a note.');
  const existing = (await notesOfAppointments(database, [appointmentId])).get(appointmentId);
  if (existing)
    return { ok: true, recordId: existing.id, patientId: existing.patientId, created: false };

  const templateId = await noteTemplateOf(database, appointment.typeId);
  if (!templateId)
    return failure('No note template is on this device yet. Try again after the next sync.');
  const created = await createRecord(appointment.patientId, templateId, { appointmentId });
  if (!created.ok) return created;
  return { ok: true, recordId: created.id, patientId: appointment.patientId, created: true };
}

/** The type's template while it is live, else the clinic's built-in SOAP note. */
async function noteTemplateOf(
  database: BedsideDatabase,
  typeId: string | null,
): Promise<string | undefined> {
  const type = typeId ? await database.appointmentTypes.get(typeId) : undefined;
  if (type?.templateId) {
    const template = await database.templates.get(type.templateId);
    if (template && template.deletedAt === null) return template.id;
  }
  const templates = await database.templates.toArray();
  return templates.find((template) => template.builtIn === 'soap' && template.deletedAt === null)
    ?.id;
}
