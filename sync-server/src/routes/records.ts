import { Hono } from 'hono';
import { recordHistory } from '../domain/records/record-history.ts';
import type { AppEnv } from '../http/app-env.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

export function recordRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>().get('/:id/history', async (c) => {
    requireCapability(c, 'clinical.read');
    const result = await recordHistory(deps, actorOf(c), c.req.param('id'));
    if (!result.ok) throw new ProblemError(result.problem);
    return c.json(result.value);
  });
}
