/** What one cleanup of one clinic removed, or would remove in a dry run. */
export type CleanupCounts = {
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
  /** Photos' and attachments' objects that no row refers to. */
  objects: number;
  /** The size of every object counted in `stagedUploads` and `objects`. */
  bytes: number;
};

export function noCounts(): CleanupCounts {
  return {
    authSessions: 0,
    captureSessions: 0,
    captureReservations: 0,
    rejections: 0,
    stagedUploads: 0,
    objects: 0,
    bytes: 0,
  };
}
