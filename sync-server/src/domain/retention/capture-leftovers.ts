import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import { photoKey, uploadKeyOf } from '../../storage/blobs/object-keys.ts';
import type { Db } from '../../storage/db.ts';
import {
  deleteOverCaptureSessions,
  selectOverCaptureSessions,
  type OverCaptureSession,
} from '../../storage/retention-queries.ts';
import type { RowCleanup } from './expired-rows.ts';
import { eachPage } from './pages.ts';

export type CaptureLeftovers = {
  sessions: number;
  reservations: number;
  stagedUploads: number;
  bytes: number;
  /** The staged keys counted here, so the collection that follows does not count them again. */
  stagedKeys: Set<string>;
};

/**
 * Deletes the clinic's capture sessions over for more than a day, with the image slots their
 * phones reserved and never completed, and the bytes those phones staged. Per page, the bytes go
 * first and the rows after, in one statement: a run cut short between the two finds the same
 * sessions again next time, and deleting bytes already gone changes nothing.
 */
export async function removeCaptureLeftovers(
  deps: { db: Db; blobs: BlobStore },
  o: RowCleanup,
): Promise<CaptureLeftovers> {
  const found: CaptureLeftovers = {
    sessions: 0,
    reservations: 0,
    stagedUploads: 0,
    bytes: 0,
    stagedKeys: new Set(),
  };
  const overBefore = o.window.captureCutoff;
  await eachPage<OverCaptureSession, string>(
    (after) =>
      selectOverCaptureSessions(deps.db, o.clinicId, overBefore, { after, limit: o.pageSize }),
    o.pageSize,
    (session) => session.id,
    async (sessions) => {
      for (const session of sessions) {
        found.reservations += session.abandoned.length;
        for (const slot of session.abandoned) {
          const key = uploadKeyOf(
            photoKey({ clinicId: o.clinicId, patientId: slot.patientId, photoId: slot.photoId }),
          );
          const head = await deps.blobs.head(key);
          if (!head) continue;
          found.stagedUploads += 1;
          found.bytes += head.size;
          found.stagedKeys.add(key);
          if (!o.dryRun) await deps.blobs.delete(key);
        }
      }
      const ids = sessions.map((session) => session.id);
      found.sessions += o.dryRun
        ? ids.length
        : await deleteOverCaptureSessions(deps.db, o.clinicId, overBefore, ids);
    },
  );
  return found;
}
