import type { BedsideDatabase, RejectedMutation } from '$lib/db/database';
import type { TableHooks } from '$lib/sync/table-hook';
import { notePhotosCommittedBy, photoIdsOfRecords } from './photo-links';

/** The record screen, found from the record's patient (or the one the refused change names). */
async function recordPath(
  database: BedsideDatabase,
  recordId: string,
  rejected: RejectedMutation,
): Promise<string> {
  const record = await database.records.get(recordId);
  const patientId = record?.patientId ?? rejected.parents?.patientId;
  return patientId ? `/patients/${patientId}/records/${recordId}` : '/';
}

/** What records add to sync: the photos they list follow them; the record screen fixes a refusal. */
export const recordSyncHooks: TableHooks<'records'> = {
  // A record's view is its row (the photos it lists follow in their own views).
  serverRowView: { toView: (row) => row, toServerRow: (view) => view },
  async viewsStored(_database, { before, after, rebuild }) {
    // A record's photos before and after: one it no longer lists may be pending again.
    const photoIds = photoIdsOfRecords([...before, ...after]);
    if (photoIds.length > 0) await rebuild('photos', photoIds);
  },
  serverCopyStored: notePhotosCommittedBy,
  rejectedChangePath: (database, rejected) => recordPath(database, rejected.entityId, rejected),
};

/** What addenda add to sync: the screen of the record they belong to fixes a refusal. */
export const addendumSyncHooks: TableHooks<'addenda'> = {
  serverRowView: { toView: (row) => row, toServerRow: (view) => view },
  rejectedChangePath: (database, rejected) =>
    recordPath(database, String(rejected.args.recordId ?? rejected.entityId), rejected),
};
