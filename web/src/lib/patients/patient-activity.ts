import { db } from '$lib/db/database';
import {
  noActivity,
  type PatientActivity,
  type PatientFilter,
  type PatientSort,
} from './patient-list-order';

/**
 * What the patient list needs beyond the patient rows for this order and filter, reading only
 * that: nothing for the name order, the records for "Recently seen" and "Recently changed"
 * (the newest record and change of each patient), the draft records for "Has drafts", and the
 * outbox (small) for "unsynced". `patients` narrows the records read to those patients.
 */
export async function readPatientActivity(
  choice: { sort: PatientSort; filter: PatientFilter },
  patients?: readonly string[],
): Promise<PatientActivity> {
  const byTime = choice.sort !== 'name';
  const [records, drafts, outbox] = await Promise.all([
    byTime
      ? patients
        ? db.records.where('patientId').anyOf(patients).toArray()
        : db.records.toArray()
      : [],
    choice.filter === 'drafts' ? db.records.where('status').equals('draft').toArray() : [],
    choice.filter === 'unsynced' ? db.outbox.toArray() : [],
  ]);
  if (!byTime && choice.filter === 'all') return noActivity;
  const lastSeenAt = new Map<string, string>();
  const lastChangedAt = new Map<string, string>();
  const newer = (map: Map<string, string>, id: string, at: string) => {
    if ((map.get(id) ?? '') < at) map.set(id, at);
  };
  for (const record of records) {
    if (record.deletedAt !== null) continue;
    newer(lastSeenAt, record.patientId, record.createdAt);
    newer(lastChangedAt, record.patientId, record.updatedAt);
  }
  const withDrafts = new Set(
    drafts.filter((record) => record.deletedAt === null).map((record) => record.patientId),
  );
  const unsynced = new Set(outbox.map((entry) => entry.parents?.patientId ?? entry.entityId));
  return { lastSeenAt, lastChangedAt, withDrafts, unsynced };
}
