import { problemCode, type ClinicalRecord } from '@bedside/shared';
import type { BedsideDatabase } from '$lib/db/database';

/** Whether the server refused this record's create because its appointment has a note already. */
export const APPOINTMENT_HAS_RECORD = 'appointment-has-record';

/**
 * The live note of each appointment on this device. A note whose create the server refused
 * (another device's note won) counts only while no other note of the appointment is here.
 *
 * @example const notes = await notesOfAppointments(db, [appointment.id]); notes.get(appointment.id)
 */
export async function notesOfAppointments(
  database: BedsideDatabase,
  appointmentIds: readonly string[],
): Promise<Map<string, ClinicalRecord>> {
  if (appointmentIds.length === 0) return new Map();
  const records = await database.records
    .where('appointmentId')
    .anyOf([...new Set(appointmentIds)])
    .filter((record) => record.deletedAt === null)
    .toArray();
  const refused = await refusedNoteIds(
    database,
    records.map((record) => record.id),
  );
  const notes = new Map<string, ClinicalRecord>();
  for (const record of records) {
    const appointmentId = record.appointmentId;
    if (appointmentId === null) continue;
    const held = notes.get(appointmentId);
    if (!held || (refused.has(held.id) && !refused.has(record.id)))
      notes.set(appointmentId, record);
  }
  return notes;
}

/** The records among `ids` whose create the server refused as a second note of an appointment. */
async function refusedNoteIds(
  database: BedsideDatabase,
  ids: readonly string[],
): Promise<Set<string>> {
  if (ids.length === 0) return new Set();
  const rejected = await database.rejected.where('entityId').anyOf(ids).toArray();
  return new Set(
    rejected
      .filter(
        (mutation) =>
          mutation.name === 'record.create' &&
          problemCode(mutation.problem) === APPOINTMENT_HAS_RECORD,
      )
      .map((mutation) => mutation.entityId),
  );
}
