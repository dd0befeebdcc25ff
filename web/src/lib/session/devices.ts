import type { DeviceSession, DeviceSessionList } from '@bedside/shared/devices';
import { failureFromError, type ActionResult } from '$lib/api/action-result';
import { apiFetch, isApiError } from '$lib/api/client';

export type { DeviceSession } from '@bedside/shared/devices';

/** What "My devices" says about a device it has no label for (signed in before labels). */
export const unnamedDevice = 'A device signed in earlier';

/** This device first, then the others by last seen, newest first; each with a name to show. */
export function deviceRows(sessions: DeviceSession[]): (DeviceSession & { name: string })[] {
  return sessions
    .map((session) => ({ ...session, name: session.device ?? unnamedDevice }))
    .sort(
      (a, b) =>
        Number(b.current) - Number(a.current) ||
        b.lastSeenAt.localeCompare(a.lastSeenAt) ||
        a.id.localeCompare(b.id),
    );
}

const offlineMessage = 'Your devices can be seen and signed out only with a connection.';

/** My sessions from the server; online only. */
export async function fetchMySessions(): Promise<ActionResult<{ sessions: DeviceSession[] }>> {
  try {
    const { sessions } = await apiFetch<DeviceSessionList>('/api/auth/sessions');
    return { ok: true, sessions };
  } catch (error) {
    return failureFromError(error, offlineMessage);
  }
}

/** Signs out one of my other devices; one that is already gone counts as done. */
export async function endSession(id: string): Promise<ActionResult> {
  try {
    await apiFetch(`/api/auth/sessions/${encodeURIComponent(id)}`, { method: 'DELETE' });
    return { ok: true };
  } catch (error) {
    if (isApiError(error, 404)) return { ok: true };
    return failureFromError(error, offlineMessage);
  }
}

/** Signs out every device of mine but this one; how many were signed out. */
export async function endOtherSessions(): Promise<ActionResult<{ ended: number }>> {
  try {
    const { ended } = await apiFetch<{ ended: number }>('/api/auth/sessions/end-others', {
      method: 'POST',
    });
    return { ok: true, ended };
  } catch (error) {
    return failureFromError(error, offlineMessage);
  }
}
