import type { Photo } from '@bedside/shared';
import Dexie, { liveQuery, type Observable } from 'dexie';
import { db, type UploadJob } from '$lib/db/database';
import { photosMovedByQueuedChanges } from '$lib/records/photo-links';

export { photoFullView, photoImageUrl, photoThumbnailUrl } from './photo-content';
export { watchStorage, type StorageUse } from './storage-use';

/** Where a photo's row changes are: all on the server, waiting to go, or refused. */
export type PhotoSyncState = 'synced' | 'pending' | 'rejected';

export type PhotoListItem = {
  photo: Photo;
  /** The upload job while there is one (queued, uploading, failed, or done in this batch). */
  upload: UploadJob | undefined;
  syncState: PhotoSyncState;
  /** Whether the bytes are on this device (else they download when shown, if online). */
  hasBytes: boolean;
};

export type UploadSummary = {
  total: number;
  done: number;
  bytesSent: number;
  bytesTotal: number;
  failed: number;
  active: number;
};

/** A patient's photos and attachments, newest capture first, with upload and sync state; live. */
export function watchPatientPhotos(
  patientId: string,
  options: { includePending: boolean; includeDeleted?: boolean },
): Observable<PhotoListItem[]> {
  return liveQuery(async () => {
    const all = await db.photos
      .where('[patientId+capturedAt]')
      .between([patientId, Dexie.minKey], [patientId, Dexie.maxKey])
      .reverse()
      .toArray();
    const moved = await photosMovedByQueuedChanges(db, patientId, all);
    const shown = (photo: Photo) =>
      (photo.deletedAt === null || moved.back.has(photo.id)) && !moved.gone.has(photo.id);
    const photos = all.filter(
      (photo) =>
        (options.includePending || photo.status === 'committed') &&
        (options.includeDeleted === true || shown(photo)),
    );
    return listItems(photos);
  });
}

/** These photos in the given order (a record's photos field), skipping ids not on the device; live. */
export function watchPhotos(ids: readonly string[]): Observable<PhotoListItem[]> {
  return liveQuery(async () => {
    const photos = await db.photos.bulkGet([...ids]);
    return listItems(photos.filter((photo): photo is Photo => photo !== undefined));
  });
}

async function listItems(photos: Photo[]): Promise<PhotoListItem[]> {
  const ids = photos.map((photo) => photo.id);
  const [jobs, stored, queued, rejected] = await Promise.all([
    db.uploads.bulkGet(ids),
    db.photoBytes.where('id').anyOf(ids).primaryKeys(),
    db.outbox.where('entityId').anyOf(ids).toArray(),
    db.rejected.where('entityId').anyOf(ids).toArray(),
  ]);
  const withBytes = new Set(stored);
  const queuedIds = new Set(queued.map((entry) => entry.entityId));
  const rejectedIds = new Set(rejected.map((entry) => entry.entityId));
  return photos.map((photo, index) => ({
    photo,
    upload: jobs[index],
    syncState: rejectedIds.has(photo.id)
      ? 'rejected'
      : queuedIds.has(photo.id)
        ? 'pending'
        : 'synced',
    hasBytes: withBytes.has(photo.id),
  }));
}

/** Overall upload progress of the current batch (see `forgetFinishedBatch`); live. */
export function watchUploadSummary(): Observable<UploadSummary> {
  return liveQuery(async () => {
    const jobs = await db.uploads.toArray();
    const summary: UploadSummary = {
      total: 0,
      done: 0,
      bytesSent: 0,
      bytesTotal: 0,
      failed: 0,
      active: 0,
    };
    for (const job of jobs) {
      summary.total++;
      summary.bytesTotal += job.bytesTotal;
      summary.bytesSent += job.state === 'done' ? job.bytesTotal : job.bytesSent;
      if (job.state === 'done') summary.done++;
      else if (job.state === 'failed') summary.failed++;
      else if (job.state === 'uploading') summary.active++;
    }
    return summary;
  });
}
