import { Hono } from 'hono';
import * as v from 'valibot';
import { Uuid } from '@bedside/shared';
import type { DeviceSessionList } from '@bedside/shared/devices';
import {
  endMyOtherSessions,
  endMySession,
  listMySessions,
  sessionNotFound,
} from '../domain/accounts/session-devices.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ProblemError } from '../http/problem.ts';
import { actorOf, requireSession } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/**
 * "My devices": my sessions, and ending one or all others; mounted under `/api/auth`. An ended
 * session is forgotten by this instance's cache at once (others: within SESSION_CACHE_SECONDS).
 */
export function sessionRoutes({ deps, sessions }: RouteContext) {
  const me = (c: Parameters<typeof actorOf>[0]) => ({
    ...actorOf(c),
    tokenHash: requireSession(c).tokenHash,
  });
  return new Hono<AppEnv>()
    .get('/sessions', async (c) => {
      const list: DeviceSessionList = { sessions: await listMySessions(deps, me(c)) };
      return c.json(list);
    })
    .post('/sessions/end-others', async (c) => {
      const result = await endMyOtherSessions(deps, me(c));
      for (const tokenHash of result.endedSessions) sessions.forget(tokenHash);
      return c.json({ ended: result.endedSessions.length });
    })
    .delete('/sessions/:id', async (c) => {
      const actor = me(c);
      const id = c.req.param('id');
      if (!v.is(Uuid, id)) throw new ProblemError(sessionNotFound);
      const result = await endMySession(deps, actor, id);
      if (!result.ok) throw new ProblemError(result.problem);
      for (const tokenHash of result.value.endedSessions) sessions.forget(tokenHash);
      return c.body(null, 204);
    });
}
