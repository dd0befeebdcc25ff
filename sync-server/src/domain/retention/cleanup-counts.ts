import { noPurges, type PurgeCounts } from './purge-rows.ts';

/**
 * What one cleanup of one clinic removed, or would remove in a dry run: rows deleted for good per
 * synced table (`patients`, `records`…), then the rest.
 */
export type CleanupCounts = Omit<PurgeCounts, 'objects' | 'bytes'> & {
  /** Expired sign-in sessions. */
  authSessions: number;
  /** Capture sessions over for more than a day. */
  captureSessions: number;
  /** Their image slots a phone reserved and never completed. */
  captureReservations: number;
  /** Verdicts of rejected mutations older than the retention. */
  rejections: number;
  /** Bytes under `staging/` that no upload can complete any more. */
  stagedUploads: number;
  /** Objects of purged photos and attachments, and objects no row refers to. */
  objects: number;
  /** The size of every object counted in `stagedUploads` and `objects`. */
  bytes: number;
};

export function noCounts(): CleanupCounts {
  return {
    ...noPurges(),
    authSessions: 0,
    captureSessions: 0,
    captureReservations: 0,
    rejections: 0,
    stagedUploads: 0,
    objects: 0,
    bytes: 0,
  };
}
