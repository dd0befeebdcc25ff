import type { Handler } from 'hono';
import { getCookie } from 'hono/cookie';
import { streamSSE } from 'hono/streaming';
import type { CaptureSession } from '@bedside/shared';
import { sessionFromToken } from '../domain/accounts/accounts.ts';
import {
  captureSessionNotFound,
  captureSessionSnapshot,
  findClinicCaptureSession,
} from '../domain/capture/capture-sessions.ts';
import { sessionCookieName } from '../domain/accounts/session-tokens.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import type { RouteContext, Timer } from './route-context.ts';

const defaultHeartbeatMs = 25_000;

const realTimer: Timer = (ms, fire) => {
  const handle = setTimeout(fire, ms);
  return () => clearTimeout(handle);
};

/**
 * `GET /api/capture-sessions/:id/events`: a `session` event with the desktop's snapshot on
 * connect and after every change of the session (opened, photo arrived, ended), heard through
 * LISTEN on any instance, and when its deadline passes. The stream closes after a final `ended`
 * or `expired` snapshot, and, like /api/sync/events, soon after logout.
 */
export function captureSessionEvents(context: RouteContext): Handler<AppEnv> {
  const { deps, captureNotifier } = context;
  const heartbeatMs = context.eventHeartbeatMs ?? defaultHeartbeatMs;
  const timer = context.timer ?? realTimer;
  return async (c) => {
    const clinicId = requireCapability(c, 'photos.add').clinic.id;
    const found = await findClinicCaptureSession(deps, clinicId, c.req.param('id') ?? '');
    if (!found) throw new ProblemError(captureSessionNotFound);
    const cookie = getCookie(c, sessionCookieName) ?? '';
    const signedIn = async () => (await sessionFromToken(deps, cookie))?.clinic.id === clinicId;
    await captureNotifier.ready;

    return streamSSE(c, async (stream) => {
      let over = false;
      let heartbeat: ReturnType<typeof setTimeout> | undefined;
      let cancelDeadline = () => {};
      let resolveEnded = () => {};
      const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
      const end = () => {
        over = true;
        clearTimeout(heartbeat);
        cancelDeadline();
        resolveEnded();
      };

      const sendSnapshot = async () => {
        if (over) return;
        const current = await findClinicCaptureSession(deps, clinicId, found.id);
        if (!current) return end();
        const session = await captureSessionSnapshot(deps, current);
        await stream.writeSSE({ event: 'session', data: JSON.stringify({ session }) });
        if (session.state === 'ended' || session.state === 'expired') return end();
        wakeAtDeadline(session);
      };
      // One snapshot at a time, in order: a late read never overtakes a newer one.
      let queue = Promise.resolve();
      const snapshot = () => {
        queue = queue.then(sendSnapshot).catch(end);
      };
      const wakeAtDeadline = (session: CaptureSession) => {
        cancelDeadline();
        const deadline = session.state === 'waiting' ? session.tokenExpiresAt : session.expiresAt;
        const ms = Date.parse(deadline ?? '') - deps.clock().getTime();
        cancelDeadline = timer(Math.max(0, ms), snapshot);
      };

      const unsubscribe = captureNotifier.subscribe(found.id, { change: snapshot, end });
      stream.onAbort(end);
      const beat = async () => {
        if (!(await signedIn().catch(() => false))) return end();
        await stream.write(': heartbeat\n\n').catch(end);
        if (!over) heartbeat = setTimeout(() => void beat(), heartbeatMs);
      };
      heartbeat = setTimeout(() => void beat(), heartbeatMs);
      snapshot();
      await ended;
      unsubscribe();
    });
  };
}
