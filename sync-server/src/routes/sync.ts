import { Hono } from 'hono';
import * as v from 'valibot';
import { DEFAULT_PULL_LIMIT, MAX_PULL_LIMIT, PushRequest } from '@bedside/shared';
import { pull } from '../domain/sync/pull.ts';
import { push } from '../domain/sync/push.ts';
import type { AppEnv } from '../http/app-env.ts';
import { readJson, validOrThrow } from '../http/json-body.ts';
import { ProblemError } from '../http/problem.ts';
import { memberOf } from '../http/capability.ts';
import { sizedJson } from '../http/sized-json.ts';
import type { RouteContext } from './route-context.ts';

const PullQuery = v.object({
  cursor: v.optional(v.string()),
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number.'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1.'),
      v.transform((limit) => Math.min(limit, MAX_PULL_LIMIT)),
    ),
    String(DEFAULT_PULL_LIMIT),
  ),
});

export function syncRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>()
    .post('/push', async (c) => {
      const actor = memberOf(c);
      const result = await push(deps, actor, await readJson(c, PushRequest));
      if (!result.ok) throw new ProblemError(result.problem);
      return c.json(result.value);
    })
    .get('/pull', async (c) => {
      const actor = memberOf(c);
      const query = validOrThrow(PullQuery, c.req.query());
      // `cursor=` (empty) means from the beginning, like no cursor at all.
      const result = await pull(deps, actor, {
        cursor: query.cursor || undefined,
        limit: query.limit,
      });
      if (!result.ok) throw new ProblemError(result.problem);
      return sizedJson(c, result.value);
    });
}
