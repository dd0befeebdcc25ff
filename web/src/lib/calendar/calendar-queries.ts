import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';
import { patientName } from '$lib/patients/patient-format';
import type { AppointmentSyncState } from './calendar-events';

/**
 * The names of the patients `ids` names, for the calendar's appointments (a patient this device
 * does not hold is left out: the event says "Patient" instead).
 *
 * @example watchPatientNames(appointments.map((row) => row.patientId))
 */
export function watchPatientNames(ids: readonly string[]): Observable<Map<string, string>> {
  const unique = [...new Set(ids)];
  return liveQuery(async () => {
    const patients = await db.patients.bulkGet(unique);
    const names = new Map<string, string>();
    for (const patient of patients) if (patient) names.set(patient.id, patientName(patient));
    return names;
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
