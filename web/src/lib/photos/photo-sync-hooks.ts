import { photosSavedWithRecords } from '$lib/records/photo-links';
import type { TableHooks } from '$lib/sync/table-hook';

/**
 * What photos add to sync: a photo a queued record change lists shows committed, as the server
 * commits it with the record; a discarded create takes its bytes and upload with it; the
 * patient's page (with its photos) fixes a refusal; a purged photo's bytes go with it.
 */
export const photoSyncHooks: TableHooks<'photos'> = {
  async storedViews(database, rows) {
    const saved = await photosSavedWithRecords(
      database,
      rows.map((row) => row.id),
    );
    return rows.map((row) =>
      row.status === 'pending' && saved.has(row.id) ? { ...row, status: 'committed' } : row,
    );
  },
  discard: {
    tables: (database) => [database.photoBytes, database.uploads],
    async undo(database, rejected) {
      // A photo the server never took: its bytes and its upload would wait for it forever.
      if (rejected.name !== 'photo.create') return;
      await database.photoBytes.delete(rejected.entityId);
      await database.uploads.delete(rejected.entityId);
    },
  },
  purge: {
    tables: (database) => [database.photoBytes, database.uploads],
    async forget(database, ids) {
      // The server has deleted the photo for good: its bytes (and any upload) go with it.
      await database.photoBytes.bulkDelete([...ids]);
      await database.uploads.bulkDelete([...ids]);
    },
  },
  async rejectedChangePath(database, rejected) {
    const photo = await database.photos.get(rejected.entityId);
    const patientId = photo?.patientId ?? rejected.parents?.patientId ?? rejected.args.patientId;
    return typeof patientId === 'string' ? `/patients/${patientId}` : '/';
  },
};
