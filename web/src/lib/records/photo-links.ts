import type { ClinicalRecord } from '@bedside/shared';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';

/**
 * The photo ids a record's data lists. A photos field holds a list of photo ids, and no other
 * field type holds a list of plain strings, so any such list is read as photo ids (ids are
 * UUIDs: a match is never a coincidence).
 */
export function photoIdsInData(data: unknown): string[] {
  if (typeof data !== 'object' || data === null) return [];
  return Object.values(data).flatMap((value: unknown) =>
    Array.isArray(value) ? value.filter((item): item is string => typeof item === 'string') : [],
  );
}

export function photoIdsOfRecords(records: readonly (ClinicalRecord | undefined)[]): string[] {
  return records.flatMap((record) => (record ? photoIdsInData(record.data) : []));
}

function listsPhotos(entry: OutboxEntry): boolean {
  return entry.name === 'record.create' || entry.name === 'record.update';
}

/**
 * Which of these photos a queued record change lists. The server commits every photo a saved
 * record lists in the same transaction, so the device shows them committed from the moment the
 * record is saved. A refused record change commits nothing.
 */
export async function photosSavedWithRecords(
  database: BedsideDatabase,
  photoIds: readonly string[],
): Promise<Set<string>> {
  const wanted = new Set(photoIds);
  const saved = new Set<string>();
  if (wanted.size === 0) return saved;
  const recordChanges = await database.outbox.filter(listsPhotos).toArray();
  for (const entry of recordChanges)
    for (const id of photoIdsInData(entry.args['data'])) if (wanted.has(id)) saved.add(id);
  return saved;
}

/**
 * After the server applied a record change: the photos it lists are committed there now. The
 * server copies say so until the pull brings their new versions, so the photos do not show as
 * pending again in between.
 */
export async function notePhotosCommittedBy(
  database: BedsideDatabase,
  entry: OutboxEntry,
): Promise<void> {
  if (!listsPhotos(entry)) return;
  const ids = photoIdsInData(entry.args['data']);
  if (ids.length === 0) return;
  const copies = await database.serverRows.bulkGet(ids.map((id) => ['photos', id]));
  await database.serverRows.bulkPut(
    copies.flatMap((copy) =>
      copy?.table === 'photos' && copy.row.status === 'pending'
        ? [{ ...copy, row: { ...copy.row, status: 'committed' as const } }]
        : [],
    ),
  );
}
