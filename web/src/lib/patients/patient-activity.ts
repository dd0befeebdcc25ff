import { liveQuery, type Observable } from 'dexie';
import { db } from '$lib/db/database';
import type { PatientActivity } from './patient-list-order';

/**
 * A live view of what the patient list sorts and filters by beyond the patient rows: the
 * newest record and change of each patient, who has drafts, and whose changes (to the patient,
 * or a record or photo of theirs) wait in the outbox.
 */
export function watchPatientActivity(): Observable<PatientActivity> {
  return liveQuery(async () => {
    const [records, outbox] = await Promise.all([db.records.toArray(), db.outbox.toArray()]);
    const lastSeenAt = new Map<string, string>();
    const lastChangedAt = new Map<string, string>();
    const withDrafts = new Set<string>();
    const newer = (map: Map<string, string>, id: string, at: string) => {
      if ((map.get(id) ?? '') < at) map.set(id, at);
    };
    for (const record of records) {
      if (record.deletedAt !== null) continue;
      newer(lastSeenAt, record.patientId, record.createdAt);
      newer(lastChangedAt, record.patientId, record.updatedAt);
      if (record.status === 'draft') withDrafts.add(record.patientId);
    }
    const unsynced = new Set(outbox.map((entry) => entry.parents?.patientId ?? entry.entityId));
    return { lastSeenAt, lastChangedAt, withDrafts, unsynced };
  });
}
