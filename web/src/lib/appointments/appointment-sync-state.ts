import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';
import type { PatientSyncState } from '$lib/patients/pending-patients';

/**
 * Where one appointment's changes are, live: refused (needs attention), waiting to go, or synced.
 * Shown with the same badge as a patient's (`PatientSyncBadge`).
 */
export function watchAppointmentSyncState(id: string): Observable<PatientSyncState> {
  return liveQuery(async () => {
    if ((await db.rejected.where('entityId').equals(id).count()) > 0) return 'needs-attention';
    if ((await db.outbox.where('entityId').equals(id).count()) > 0) return 'waiting';
    return 'synced';
  });
}
