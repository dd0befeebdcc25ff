const dayMs = 24 * 60 * 60 * 1000;

/**
 * How long a capture session is kept once over: the phone and the desktop that still show it
 * hear "expired" or "ended" for a day rather than "this code is not valid".
 */
export const captureSessionGraceMs = dayMs;

/** The instants one cleanup of one clinic measures ages against, as ISO strings for SQL. */
export type CleanupWindow = {
  now: string;
  /** Older than the clinic's retention: rejection verdicts, staged photos never committed. */
  retentionCutoff: string;
  /** Objects no row refers to go once written before this: retention + 1 day. */
  objectCutoff: Date;
  /** Capture sessions over before this go. */
  captureCutoff: string;
};

/**
 * The cut-offs for a clinic keeping `retentionDays` days, seen from `now`.
 *
 * @example cleanupWindow(new Date('2026-04-01T03:00:00Z'), 30).retentionCutoff // '2026-03-02T03:00:00.000Z'
 */
export function cleanupWindow(now: Date, retentionDays: number): CleanupWindow {
  const at = now.getTime();
  return {
    now: now.toISOString(),
    retentionCutoff: new Date(at - retentionDays * dayMs).toISOString(),
    objectCutoff: new Date(at - (retentionDays + 1) * dayMs),
    captureCutoff: new Date(at - captureSessionGraceMs).toISOString(),
  };
}
