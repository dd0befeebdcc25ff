import { isDeactivatedSession, reportUnsentChanges } from '../../storage/team-queries.ts';
import { lastSeenEveryMs } from '../accounts/session-devices.ts';
import type { Deps } from '../deps.ts';

/**
 * Notes what a device says about its unsent changes, on its session (live, or ended by a
 * deactivation). The same count is rewritten at most every few minutes, like last-seen.
 *
 * @example
 * await noteUnsentChanges(deps, session.tokenHash, 3);
 */
export async function noteUnsentChanges(
  deps: Deps,
  tokenHash: string,
  unsentChanges: number,
): Promise<void> {
  const now = deps.clock();
  const staleBefore = new Date(now.getTime() - lastSeenEveryMs);
  await reportUnsentChanges(deps.db, tokenHash, unsentChanges, now, staleBefore);
}

/** Whether the session of `tokenHash` was ended by its user's deactivation. */
export async function wasDeactivated(deps: Deps, tokenHash: string): Promise<boolean> {
  return isDeactivatedSession(deps.db, tokenHash);
}
