import { liveQuery, type Observable } from 'dexie';
import { db, type CachedUser, type PatientRow, type StoredConflict } from '$lib/db/database';
import { matchesQuery, queryWords } from './search-index';

export type SearchOptions = { includeDeleted: boolean };

function bySortKey(a: PatientRow, b: PatientRow): number {
  return a.sortKey < b.sortKey ? -1 : a.sortKey > b.sortKey ? 1 : a.id < b.id ? -1 : 1;
}

/**
 * The patients matching `query`, sorted by family then given name, live. Every word of the
 * query must start one of the patient's words (given or family name part, identifier, birth
 * date), ignoring case and accents: "mül an" finds "Ann Müller".
 */
export function searchPatients(query: string, options: SearchOptions): Observable<PatientRow[]> {
  const words = queryWords(query);
  const shown = (row: PatientRow) => options.includeDeleted || row.deletedAt === null;
  return liveQuery(async () => {
    const [first, ...rest] = words;
    if (first === undefined) return db.patients.orderBy('sortKey').filter(shown).toArray();
    // The index narrows by the first word; the others are checked on that (small) set.
    const candidates = await db.patients
      .where('searchWords')
      .startsWith(first)
      .distinct()
      .toArray();
    return candidates.filter((row) => shown(row) && matchesQuery(row, rest)).sort(bySortKey);
  });
}

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
