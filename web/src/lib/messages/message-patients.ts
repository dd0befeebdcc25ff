import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';
import { patientName } from '$lib/patients/patient-format';

/** The names of these patients as this device has them; ids it does not have are left out. */
export function watchPatientNames(ids: readonly string[]): Observable<Map<string, string>> {
  const unique = [...new Set(ids)];
  return liveQuery(async () => {
    const rows = await db.patients.bulkGet(unique);
    const names = new Map<string, string>();
    for (const row of rows) if (row) names.set(row.id, patientName(row));
    return names;
  });
}
