import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Db } from '../../storage/db.ts';
import { selectRetentionDays } from '../../storage/retention-queries.ts';
import { collectBlobs } from './blob-collection.ts';
import { removeCaptureLeftovers } from './capture-leftovers.ts';
import { cleanupWindow } from './cleanup-window.ts';
import type { CleanupCounts } from './cleanup-counts.ts';
import { removeExpiredAuthSessions, removeOldRejections } from './expired-rows.ts';

/** Rows per statement and objects per lookup: short transactions, bounded memory. */
export const defaultCleanupPageSize = 500;

/**
 * The nightly cleanup of one clinic, as of `now`: expired sign-in sessions, capture sessions
 * over for a day with their abandoned slots and staged bytes, rejection verdicts older than the
 * clinic's retention, then the clinic's objects and staged bytes no row wants, older than
 * retention + 1 day. No synced row (patients, records, photos…) is touched: devices hold those,
 * and cannot yet be told that one is gone. Nor is the audit log.
 *
 * Each page is its own statement, so requests never wait behind the run; a run cut short leaves
 * whole rows and objects that the next run finds again. A dry run changes nothing and counts
 * what a run would remove; a second run right after a first counts nothing.
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
  const authSessions = await removeExpiredAuthSessions(deps.db, run);
  const capture = await removeCaptureLeftovers(deps, run);
  const rejections = await removeOldRejections(deps.db, run);
  const blobs = await collectBlobs(deps, { ...run, skip: capture.stagedKeys });
  return {
    authSessions,
    captureSessions: capture.sessions,
    captureReservations: capture.reservations,
    rejections,
    stagedUploads: capture.stagedUploads + blobs.stagedUploads,
    objects: blobs.objects,
    bytes: capture.bytes + blobs.bytes,
  };
}
