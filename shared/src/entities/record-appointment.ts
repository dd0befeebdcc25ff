import { makeProblem, type Problem } from '../problems.ts';
import type { ClinicalRecord } from '../records.ts';
import type { Need, RuleView } from '../sync/entity-definition.ts';
import { ownRow, rowNeed, validationProblem } from '../sync/mutation-kit.ts';
import { appointmentNotFound } from './appointment-entity.ts';

/** What a record's note-of-an-appointment rules share: one live record per appointment. */
const table = 'records';

/** The appointment a record holds among the clinic's live records: none once deleted. */
export function heldAppointment(row: ClinicalRecord): string | null {
  return row.deletedAt === null ? (row.appointmentId ?? null) : null;
}

/** The record holding the appointment now, and, for a new note, the appointment itself. */
export function appointmentNeeds(appointmentId: string | null | undefined, isNew: boolean): Need[] {
  if (!appointmentId) return [];
  const holder: Need = { kind: 'holder', table, key: 'appointment', value: appointmentId };
  return isNew ? [rowNeed('appointments', appointmentId), holder] : [holder];
}

/**
 * "This appointment already has a note": carries the live record's id (`recordId`), so a device
 * can open that note instead.
 */
export function appointmentHasRecord(recordId: string): Problem {
  return makeProblem('appointment-has-record', 409, 'This appointment already has a note.', {
    recordId,
  });
}

/** Why record `recordId` cannot be the live note of the appointment, if it cannot. */
export function appointmentTaken(
  view: RuleView,
  appointmentId: string | null,
  recordId: string,
): Problem | undefined {
  if (appointmentId === null) return undefined;
  const holder = view.holder(table, 'appointment', appointmentId);
  return holder === undefined || holder === recordId ? undefined : appointmentHasRecord(holder);
}

/**
 * Why a new note of `patientId` cannot belong to the appointment, if it cannot: it must be a
 * live appointment of the clinic, of the same patient, with no live note yet.
 */
export function appointmentRefusal(
  view: RuleView,
  appointmentId: string | null,
  patientId: string,
  recordId: string,
): Problem | undefined {
  if (appointmentId === null) return undefined;
  const appointment = ownRow(view, 'appointments', appointmentId);
  if (!appointment) return appointmentNotFound;
  if (appointment.deletedAt !== null) {
    return makeProblem('deleted', 409, 'This appointment was deleted. Restore it to add a note.');
  }
  if (appointment.patientId !== patientId) {
    return validationProblem([
      { field: 'appointmentId', message: 'This appointment is of another patient.' },
    ]);
  }
  return appointmentTaken(view, appointmentId, recordId);
}
