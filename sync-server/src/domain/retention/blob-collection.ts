import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import {
  attachmentKey,
  clinicPrefix,
  isObjectKey,
  isUploadKey,
  photoKey,
  stagingPrefix,
  uploadKeyOf,
} from '../../storage/blobs/object-keys.ts';
import type { Db } from '../../storage/db.ts';
import {
  selectLiveUploads,
  selectPhotoKeyRows,
  type PhotoKeyRow,
} from '../../storage/retention-queries.ts';
import type { RowCleanup } from './expired-rows.ts';

type Listed = { key: string; size: number; lastModified: Date };

export type CollectedBlobs = { objects: number; stagedUploads: number; bytes: number };

/**
 * Garbage collection of one clinic's objects, on either driver: lists the clinic's own prefixes
 * (`clinics/<id>/` and `staging/clinics/<id>/`, never another clinic's) page by page, and deletes
 * what is older than retention + 1 day and that no row wants:
 * - an object (`clinics/…`) is wanted by the clinic's photo row of the same id whose key it is,
 *   deleted or not (a deleted photo can still be restored, and devices hold its row);
 * - staged bytes (`staging/clinics/…`) by an upload that may still complete: a live photo row
 *   whose bytes have not arrived, committed or staged within the retention, or an image slot of
 *   a capture session still open.
 * Keys in `skip` were counted already by an earlier step of the same run.
 */
export async function collectBlobs(
  deps: { db: Db; blobs: BlobStore },
  o: RowCleanup & { skip: ReadonlySet<string> },
): Promise<CollectedBlobs> {
  const collected: CollectedBlobs = { objects: 0, stagedUploads: 0, bytes: 0 };
  const objectPrefix = clinicPrefix(o.clinicId);

  const served = await collectPrefix(deps.blobs, objectPrefix, isObjectKey, o, async (ids) => {
    const rows = await selectPhotoKeyRows(deps.db, o.clinicId, ids);
    return new Set(rows.map((row) => keyOfRow(o.clinicId, row)));
  });
  const stagedPrefix = `${stagingPrefix}${objectPrefix}`;
  const staged = await collectPrefix(deps.blobs, stagedPrefix, isUploadKey, o, async (ids) => {
    const live = await selectLiveUploads(deps.db, o.clinicId, ids, {
      pendingSince: o.window.retentionCutoff,
      now: o.window.now,
    });
    return new Set(live.map((row) => uploadKeyOf(keyOfRow(o.clinicId, row))));
  });
  collected.objects = served.count;
  collected.stagedUploads = staged.count;
  collected.bytes = served.bytes + staged.bytes;
  return collected;
}

/**
 * Lists `prefix` and, per page of `pageSize` objects old enough whose key has the expected
 * shape, asks `wanted` which keys a row still refers to (given the photo ids the keys end in);
 * deletes (unless a dry run) and counts the others. Any other key is left alone.
 */
async function collectPrefix(
  blobs: BlobStore,
  prefix: string,
  isKey: (key: string) => boolean,
  o: RowCleanup & { skip: ReadonlySet<string> },
  wanted: (photoIds: string[]) => Promise<Set<string>>,
): Promise<{ count: number; bytes: number }> {
  const found = { count: 0, bytes: 0 };
  let batch: Listed[] = [];
  const flush = async () => {
    const keep = await wanted(batch.map((object) => lastSegment(object.key)));
    for (const object of batch) {
      if (keep.has(object.key)) continue;
      found.count += 1;
      found.bytes += object.size;
      if (!o.dryRun) await blobs.delete(object.key);
    }
    batch = [];
  };
  for await (const object of blobs.list(prefix)) {
    // A young object may belong to a row being written right now.
    if (object.lastModified >= o.window.objectCutoff) continue;
    if (!isKey(object.key) || o.skip.has(object.key)) continue;
    batch.push(object);
    if (batch.length >= o.pageSize) await flush();
  }
  if (batch.length > 0) await flush();
  return found;
}

function lastSegment(key: string): string {
  return key.slice(key.lastIndexOf('/') + 1);
}

function keyOfRow(clinicId: string, row: PhotoKeyRow): string {
  const owner = { clinicId, patientId: row.patientId };
  return row.kind === 'photo'
    ? photoKey({ ...owner, photoId: row.id })
    : attachmentKey({ ...owner, attachmentId: row.id });
}
