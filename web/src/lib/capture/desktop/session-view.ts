import * as v from 'valibot';
import {
  CAPTURE_TOKEN_MINUTES,
  captureSessionState,
  captureSessionStates,
  type CaptureSession,
  type CaptureSessionState,
} from '@bedside/shared';

/** A session in one of these states still lets a phone in: ending it is what closing means. */
export function isLive(state: CaptureSessionState): boolean {
  return state === 'waiting' || state === 'open';
}

/**
 * How far the server's clock runs ahead of this device's (ms), from a session just created: its
 * code expires exactly CAPTURE_TOKEN_MINUTES after the server made it, which was after
 * `requestedAt`. The countdown then follows the server's deadlines even when this computer's
 * clock is wrong, and errs early (by the request's round trip at most), never late.
 */
export function serverClockOffset(created: CaptureSession, requestedAt: number): number {
  const createdAt = Date.parse(created.tokenExpiresAt) - CAPTURE_TOKEN_MINUTES * 60_000;
  return createdAt - requestedAt;
}

/**
 * Where the session stands at `serverNow`: what the server said, and expired once its deadline
 * passed even if the server's word has not arrived (a stream that is reconnecting).
 */
export function stateAt(session: CaptureSession, serverNow: number): CaptureSessionState {
  if (!isLive(session.state)) return session.state;
  return captureSessionState(session, new Date(serverNow));
}

/** What the countdown counts to: the code's expiry while waiting, the session's once open. */
export function countdownDeadline(session: CaptureSession): string | null {
  return session.openedAt ? session.expiresAt : session.tokenExpiresAt;
}

/** Time left as the countdown shows it: "9:41", "1:59:12"; rounded up, never below "0:00". */
export function formatCountdown(ms: number): string {
  const total = Math.max(0, Math.ceil(ms / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = String(total % 60).padStart(2, '0');
  return hours > 0
    ? `${hours}:${String(minutes).padStart(2, '0')}:${seconds}`
    : `${minutes}:${seconds}`;
}

/**
 * The newer of two snapshots. An ended or expired session stays so: a snapshot the stream sent
 * just before the end must not bring back a code that was closed.
 */
export function mergeSnapshot(
  current: CaptureSession | null,
  incoming: CaptureSession,
): CaptureSession {
  if (current && !isLive(current.state) && isLive(incoming.state)) return current;
  return incoming;
}

/** Ids of `photoIds` not reported yet, in the order they arrived. */
export function unreportedPhotos(
  photoIds: readonly string[],
  reported: ReadonlySet<string>,
): string[] {
  return photoIds.filter((id) => !reported.has(id));
}

/** What a screen reader hears when photos arrive: "Photo 3 arrived.", "Photos 2 and 3 arrived." */
export function arrivalAnnouncement(total: number, added: number): string {
  if (added <= 0) return '';
  if (added === 1) return `Photo ${total} arrived.`;
  const first = total - added + 1;
  return added === 2
    ? `Photos ${first} and ${total} arrived.`
    : `Photos ${first} to ${total} arrived.`;
}

const SessionEvent = v.object({
  session: v.object({
    id: v.string(),
    patientId: v.string(),
    recordId: v.nullable(v.string()),
    state: v.picklist(captureSessionStates),
    tokenExpiresAt: v.string(),
    openedAt: v.nullable(v.string()),
    expiresAt: v.nullable(v.string()),
    endedAt: v.nullable(v.string()),
    imageLimit: v.number(),
    photoIds: v.array(v.string()),
  }),
});

/** The `session` event's data (`{session}`), or null when it is not one. */
export function readSessionEvent(data: string): CaptureSession | null {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return null;
  }
  const result = v.safeParse(SessionEvent, parsed);
  return result.success ? (result.output.session satisfies CaptureSession) : null;
}
