import type { PatientRow } from '$lib/db/database';

export type PatientSort = 'name' | 'seen' | 'changed';
export type PatientFilter = 'all' | 'drafts' | 'unsynced';

export const patientSortLabels: Record<PatientSort, string> = {
  name: 'Name',
  seen: 'Recently seen',
  changed: 'Recently changed',
};

export const patientFilterLabels: Record<PatientFilter, string> = {
  all: 'All patients',
  drafts: 'Has drafts',
  unsynced: 'Changed here, not yet synced',
};

/** What the device knows of each patient beyond the patient row, by patient id. */
export type PatientActivity = {
  /** When the patient's newest record was written: the last time they were seen. */
  lastSeenAt: ReadonlyMap<string, string>;
  /** The newest change to the patient or any of their records. */
  lastChangedAt: ReadonlyMap<string, string>;
  /** Patients with a draft record. */
  withDrafts: ReadonlySet<string>;
  /** Patients with a change of theirs (or of a record or photo of theirs) in the outbox. */
  unsynced: ReadonlySet<string>;
};

export const noActivity: PatientActivity = {
  lastSeenAt: new Map(),
  lastChangedAt: new Map(),
  withDrafts: new Set(),
  unsynced: new Set(),
};

/**
 * The patient list as asked for: filtered, then sorted (rows arrive sorted by name; the other
 * orders put the newest first, patients never seen or changed last, by name).
 * `arrangePatients(rows, {sort: 'seen', filter: 'drafts'}, activity)`.
 */
export function arrangePatients(
  rows: readonly PatientRow[],
  choice: { sort: PatientSort; filter: PatientFilter },
  activity: PatientActivity,
): PatientRow[] {
  const kept =
    choice.filter === 'drafts'
      ? rows.filter((row) => activity.withDrafts.has(row.id))
      : choice.filter === 'unsynced'
        ? rows.filter((row) => activity.unsynced.has(row.id))
        : [...rows];
  if (choice.sort === 'name') return kept;
  const when = (row: PatientRow) =>
    choice.sort === 'seen'
      ? (activity.lastSeenAt.get(row.id) ?? '')
      : ([activity.lastChangedAt.get(row.id) ?? '', row.updatedAt].sort().at(-1) ?? '');
  // A stable sort: equal times keep the name order.
  return kept.sort((a, b) => {
    const [x, y] = [when(a), when(b)];
    return x === y ? 0 : x > y ? -1 : 1;
  });
}
