import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Db } from '../../storage/db.ts';
import { selectRetentionDays } from '../../storage/retention-queries.ts';
import { collectBlobs } from './blob-collection.ts';
import { removeCaptureLeftovers } from './capture-leftovers.ts';
import { cleanupWindow } from './cleanup-window.ts';
import type { CleanupCounts } from './cleanup-counts.ts';
import { removeExpiredAuthSessions, removeOldRejections } from './expired-rows.ts';
import { purgeDeletedRows } from './purge-rows.ts';

/** Rows per statement and objects per lookup: short transactions, bounded memory. */
export const defaultCleanupPageSize = 500;

/**
 * The nightly cleanup of one clinic, as of `now`: first the rows soft-deleted longer ago than
 * the clinic's retention, for good (a patient with everything under it; see `purgeDeletedRows`),
 * then expired sign-in sessions, capture sessions over for a day with their abandoned slots and
 * staged bytes, rejection verdicts older than the retention, and last the clinic's objects and
 * staged bytes no row wants, older than retention + 1 day. The audit log is never touched.
 *
 * Each page is its own short transaction, so requests never wait long behind the run; a run cut
 * short leaves whole rows and objects that the next run finds again. A dry run changes nothing
 * and counts what a run would remove; a second run right after a first counts nothing.
 *
 * @example await runCleanup({ db, blobs }, { clinicId, now: new Date(), dryRun: true })
 */
export async function runCleanup(
  deps: { db: Db; blobs: BlobStore },
  o: { clinicId: string; now: Date; dryRun: boolean; pageSize?: number },
): Promise<CleanupCounts> {
  const retentionDays = await selectRetentionDays(deps.db, o.clinicId);
  if (retentionDays === undefined) throw new Error('cleanup of a clinic that does not exist');
  const run = {
    clinicId: o.clinicId,
    window: cleanupWindow(o.now, retentionDays),
    dryRun: o.dryRun,
    pageSize: o.pageSize ?? defaultCleanupPageSize,
  };
  const purge = await purgeDeletedRows(deps, {
    ...run,
    now: run.window.now,
    deletedBefore: run.window.retentionCutoff,
  });
  const { objects: purgedObjects, bytes: purgedBytes, ...purged } = purge.counts;
  const authSessions = await removeExpiredAuthSessions(deps.db, run);
  const capture = await removeCaptureLeftovers(deps, run);
  const rejections = await removeOldRejections(deps.db, run);
  // What a dry run counted already stays where it is; the collection must not count it twice.
  const skip = new Set([...capture.stagedKeys, ...purge.objectKeys]);
  const blobs = await collectBlobs(deps, { ...run, skip });
  return {
    ...purged,
    authSessions,
    captureSessions: capture.sessions,
    captureReservations: capture.reservations,
    rejections,
    stagedUploads: capture.stagedUploads + blobs.stagedUploads,
    objects: purgedObjects + blobs.objects,
    bytes: purgedBytes + capture.bytes + blobs.bytes,
  };
}
