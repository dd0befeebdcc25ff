import { uuidv7 } from 'uuidv7';
import { makeProblem } from '@bedside/shared';
import type { DeviceSession } from '@bedside/shared/devices';
import { insertAuditEvents } from '../../storage/audit-queries.ts';
import {
  deleteOtherUserSessions,
  deleteUserSessionById,
  listUserSessions,
  touchSession,
} from '../../storage/session-queries.ts';
import type { Actor, Deps, Result } from '../deps.ts';

/** How stale a session's last-seen time may get before a request refreshes it. */
export const lastSeenEveryMs = 5 * 60 * 1000;

type Me = Actor & { tokenHash: string };

export const sessionNotFound = makeProblem('not-found', 404, 'There is no such session of yours.');

/**
 * Notes that a live session was used now, if its last-seen time is older than `lastSeenEveryMs`:
 * one write every few minutes per session, not one per request.
 */
export async function noteSessionSeen(
  deps: Deps,
  tokenHash: string,
  lastSeenAt: Date | null,
): Promise<void> {
  const now = deps.clock();
  const staleBefore = new Date(now.getTime() - lastSeenEveryMs);
  if (lastSeenAt && new Date(lastSeenAt).getTime() >= staleBefore.getTime()) return;
  await touchSession(deps.db, tokenHash, now, staleBefore);
}

/** My live sessions, this one marked `current`. */
export async function listMySessions(deps: Deps, me: Me): Promise<DeviceSession[]> {
  return listUserSessions(deps.db, me, me.tokenHash, deps.clock());
}

/**
 * Ends my session `id` (not this one: that is sign-out); audited as `account.session-end`. The
 * ended token hash, for the session cache to forget; a 404 for any id that is not one of mine.
 */
export async function endMySession(
  deps: Deps,
  me: Me,
  id: string,
): Promise<Result<{ endedSessions: string[] }>> {
  return deps.db.transaction(async (db) => {
    const tokenHash = await deleteUserSessionById(db, me, id, me.tokenHash);
    if (!tokenHash) return { ok: false, problem: sessionNotFound };
    await audit(db, deps.clock(), me, [id]);
    return { ok: true, value: { endedSessions: [tokenHash] } };
  });
}

/** Ends all my sessions but this one; audited (ids only) when there were any. */
export async function endMyOtherSessions(deps: Deps, me: Me): Promise<{ endedSessions: string[] }> {
  return deps.db.transaction(async (db) => {
    const ended = await deleteOtherUserSessions(db, me, me.tokenHash);
    if (ended.length > 0) {
      await audit(
        db,
        deps.clock(),
        me,
        ended.map((session) => session.id),
      );
    }
    return { endedSessions: ended.map((session) => session.tokenHash) };
  });
}

async function audit(db: Deps['db'], at: Date, me: Me, ids: string[]): Promise<void> {
  await insertAuditEvents(db, [
    {
      id: uuidv7(),
      clinicId: me.clinicId,
      userId: me.userId,
      action: 'account.session-end',
      entity: 'sessions',
      entityIds: ids,
      requestId: me.requestId,
      at: at.toISOString(),
    },
  ]);
}
