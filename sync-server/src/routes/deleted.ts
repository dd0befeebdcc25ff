import { Hono } from 'hono';
import { PurgeNowRequest, type PurgeNowResponse } from '@bedside/shared';
import { deleteNow } from '../domain/retention/delete-now.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { requireCapability } from '../http/capability.ts';
import { actorOf } from '../http/session.ts';
import type { RouteContext } from './route-context.ts';

/** Settings → Recently deleted: "Delete now", for the clinic's owner. */
export function deletedRoutes({ deps, blobs }: RouteContext) {
  return new Hono<AppEnv>().post('/purge', async (c) => {
    requireCapability(c, 'deleted.purge');
    const request = await readJson(c, PurgeNowRequest);
    const result = await deleteNow({ ...deps, blobs }, actorOf(c), request);
    if (!result.ok) throw new ProblemError(result.problem);
    return c.json({ purged: result.value } satisfies PurgeNowResponse);
  });
}
