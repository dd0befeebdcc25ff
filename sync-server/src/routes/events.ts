import { Hono } from 'hono';
import { streamSSE } from 'hono/streaming';
import type { ChangeEvent } from '@bedside/shared';
import type { AppEnv } from '../http/app-env.ts';
import { requireSession } from '../http/session.ts';
import { selectSyncPosition } from '../storage/sync-queries.ts';
import type { RouteContext } from './route-context.ts';

const heartbeatMs = 25_000;

/**
 * Server-sent events: `ready` on connect, then `change` whenever the caller's clinic's data
 * moves (a poke: the device pulls). A comment every 25 s keeps proxies from closing the stream.
 */
export function eventRoutes({ deps, notifier }: RouteContext) {
  return new Hono<AppEnv>().get('/', async (c) => {
    const clinicId = requireSession(c).clinic.id;
    await notifier.ready;
    // Read before subscribing: a change in between is not lost, the device pulls on `ready`.
    const { changeSeq } = await selectSyncPosition(deps.db, clinicId);
    return streamSSE(c, async (stream) => {
      let end = () => {};
      const ended = new Promise<void>((resolve) => (end = resolve));
      const send = (event: string, data: ChangeEvent) =>
        stream.writeSSE({ event, data: JSON.stringify(data) }).catch(end);
      const unsubscribe = notifier.subscribe(clinicId, {
        change: (seq) => void send('change', { changeSeq: seq }),
        end,
      });
      stream.onAbort(end);
      const heartbeat = setInterval(
        () => void stream.write(': heartbeat\n\n').catch(end),
        heartbeatMs,
      );
      await send('ready', { changeSeq });
      await ended;
      clearInterval(heartbeat);
      unsubscribe();
    });
  });
}
