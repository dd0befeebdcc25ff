import type { Appointment } from '@bedside/shared';
import { liveQuery, type Observable } from 'dexie';
import { appointmentsBetween } from '$lib/appointments/appointment-queries';
import { db } from '$lib/db/database';
import { patientName } from '$lib/patients/patient-format';
import type { AppointmentSyncState } from './calendar-events';

/** What the calendar shows of a range: its appointments and their patients' names. */
export type CalendarRows = {
  appointments: Appointment[];
  /** By patient id; a patient this device does not hold is missing ("Patient" is shown). */
  names: ReadonlyMap<string, string>;
};

export const noCalendarRows: CalendarRows = { appointments: [], names: new Map() };

/**
 * The appointments `watchAppointmentsBetween` gives, with their patients' names read in the same
 * live query, so a new week is drawn once, names and all, rather than first nameless.
 *
 * @example watchCalendarRows(range.from, range.to, ['0190…'])
 */
export function watchCalendarRows(
  from: string,
  to: string,
  clinicianIds?: readonly string[],
): Observable<CalendarRows> {
  return liveQuery(async () => {
    const appointments = await appointmentsBetween(db, from, to, clinicianIds);
    const ids = [...new Set(appointments.map((row) => row.patientId))];
    const names = new Map<string, string>();
    for (const patient of await db.patients.bulkGet(ids))
      if (patient) names.set(patient.id, patientName(patient));
    return { appointments, names };
  });
}

/** Which rows have changes this device has not got onto the server yet. */
export type PendingRows = {
  /** In the outbox: will go with the next push. */
  waiting: ReadonlySet<string>;
  /** Rejected by the server: waits under "needs attention". */
  attention: ReadonlySet<string>;
};

export const noPendingRows: PendingRows = { waiting: new Set(), attention: new Set() };

/** A live view of the row ids with unsent or rejected changes (the calendar's pending marks). */
export function watchPendingRows(): Observable<PendingRows> {
  return liveQuery(async () => {
    const [outbox, rejected] = await Promise.all([db.outbox.toArray(), db.rejected.toArray()]);
    return {
      waiting: new Set(outbox.map((mutation) => mutation.entityId)),
      attention: new Set(rejected.map((item) => item.entityId)),
    };
  });
}

/** Where one row's changes are. */
export function syncStateOf(pending: PendingRows, id: string): AppointmentSyncState {
  if (pending.attention.has(id)) return 'needs-attention';
  if (pending.waiting.has(id)) return 'waiting';
  return 'synced';
}
