import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeEvent } from '@bedside/shared';
import type { AppEnv } from '../http/app-env.ts';
import { getCookie } from 'hono/cookie';
import { sessionFromToken } from '../domain/accounts/accounts.ts';
import { sessionCookieName } from '../domain/accounts/session-tokens.ts';
import { requireSession } from '../http/session.ts';
import { selectSyncPosition } from '../storage/sync-queries.ts';
import type { RouteContext } from './route-context.ts';

const defaultHeartbeatMs = 25_000;

/**
 * Server-sent events: `ready` on connect, then `change` whenever the caller's clinic's data
 * moves (a poke: the device pulls). A comment every 25 s keeps proxies from closing the stream;
 * before each, the session is looked up again, so a stream ends soon after logout or expiry.
 */
export function eventRoutes({ deps, notifier, eventHeartbeatMs }: RouteContext) {
  const heartbeatMs = eventHeartbeatMs ?? defaultHeartbeatMs;
  return new Hono<AppEnv>().get('/', async (c) => {
    const clinicId = requireSession(c).clinic.id;
    // The session middleware found it from this cookie; the same lookup tells when it is gone.
    const token = getCookie(c, sessionCookieName) ?? '';
    const sessionAlive = async () => {
      const session = await sessionFromToken(deps, token);
      return session?.clinic.id === clinicId;
    };
    await notifier.ready;
    // Read before subscribing: a change in between is not lost, the device pulls on `ready`.
    const { changeSeq } = await selectSyncPosition(deps.db, clinicId);
    return streamSSE(c, async (stream) => {
      // A timeout chain, not an interval: a slow session lookup never overlaps the next one.
      let heartbeat: ReturnType<typeof setTimeout> | undefined;
      let over = false;
      let resolveEnded = () => {};
      const ended = new Promise<void>((resolve) => (resolveEnded = resolve));
      const end = () => {
        over = true;
        clearTimeout(heartbeat);
        resolveEnded();
      };
      const send = (event: string, data: ChangeEvent) =>
        stream.writeSSE({ event, data: JSON.stringify(data) }).catch(end);
      const unsubscribe = notifier.subscribe(clinicId, {
        // A notice can arrive after the position was read (NOTIFY is delivered late): what
        // `ready` already covers would only make the device pull for nothing.
        change: (seq) => {
          if (seq > changeSeq) void send('change', { changeSeq: seq });
        },
        end,
      });
      stream.onAbort(end);
      const beat = async () => {
        const alive = await sessionAlive().catch(() => false);
        if (!alive) return end();
        await stream.write(': heartbeat\n\n').catch(end);
        if (!over) heartbeat = setTimeout(() => void beat(), heartbeatMs);
      };
      heartbeat = setTimeout(() => void beat(), heartbeatMs);
      await send('ready', { changeSeq });
      await ended;
      unsubscribe();
    });
  });
}
