import { deletedWith, photoIdsInData, type ClinicalRecord } from '@bedside/shared';
import type { BedsideDatabase, OutboxEntry } from '$lib/db/database';

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

const moving = new Set(['record.delete', 'record.restore', 'patient.restore']);

/**
 * The patient's photos that this device's queued note deletions and restorations (and the
 * patient's restoration) move, until the server's answer comes back with the photos' own rows:
 * the server deletes with a draft note the photos only it lists, and restores with a note or a
 * patient those deleted with it (same time, same user; `shared/src/entities/photo-cascade.ts`).
 * The gallery follows at once, offline too.
 */
export async function photosMovedByQueuedChanges(
  database: BedsideDatabase,
  patientId: string,
  photos: readonly { id: string; deletedAt: string | null; deletedBy: string | null }[],
): Promise<{ gone: Set<string>; back: Set<string> }> {
  const gone = new Set<string>();
  const back = new Set<string>();
  const queued = await database.outbox
    .filter(
      (entry) =>
        moving.has(entry.name) &&
        (entry.name !== 'patient.restore' || entry.entityId === patientId),
    )
    .toArray();
  if (queued.length === 0) return { gone, back };
  const comeBackWith = async (table: 'records' | 'patients', id: string) => {
    // Deleted as the server last had it: its copy, kept while the restore waits.
    const copy = await database.serverRows.get([table, id]);
    const owner = copy?.table === table ? copy.row : undefined;
    if (!owner?.deletedAt) return;
    for (const photo of photos) if (deletedWith(photo, owner)) back.add(photo.id);
  };
  const notes = await database.records.where('patientId').equals(patientId).toArray();
  for (const entry of queued) {
    if (entry.name === 'patient.restore') {
      await comeBackWith('patients', patientId);
      continue;
    }
    const note = notes.find((record) => record.id === entry.entityId);
    if (!note) continue;
    if (entry.name === 'record.delete') {
      const elsewhere = new Set(
        photoIdsOfRecords(notes.filter((other) => other.id !== note.id && !other.deletedAt)),
      );
      for (const id of photoIdsInData(note.data)) if (!elsewhere.has(id)) gone.add(id);
    } else await comeBackWith('records', note.id);
  }
  return { gone, back };
}
