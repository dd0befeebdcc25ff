import { liveQuery, type Observable } from 'dexie';
import { db, type CachedUser, type PatientRow, type StoredConflict } from '$lib/db/database';

export function watchPatient(id: string): Observable<PatientRow | undefined> {
  return liveQuery(() => db.patients.get(id));
}

/** Conflicts about this patient that the user has not dismissed, oldest first. */
export function watchConflicts(patientId: string): Observable<StoredConflict[]> {
  return liveQuery(() =>
    db.conflicts
      .where('rowId')
      .equals(patientId)
      .filter(
        (conflict) =>
          conflict.entity === 'patients' && conflict.seenAt === null && conflict.deletedAt === null,
      )
      .sortBy('createdAt'),
  );
}

export async function dismissConflict(id: string): Promise<void> {
  await db.conflicts.update(id, { seenAt: new Date().toISOString() });
}

/** The clinic's users as last fetched, for showing who changed what. */
export function watchUsers(): Observable<CachedUser[]> {
  return liveQuery(() => db.users.orderBy('name').toArray());
}
