import { Hono } from 'hono';
import * as v from 'valibot';
import { DEFAULT_JOB_RUNS_LIMIT, MAX_JOB_RUNS_LIMIT, type JobRunsResponse } from '@bedside/shared';
import { listJobRuns } from '../jobs/job-runs.ts';
import type { AppEnv } from '../http/app-env.ts';
import { validOrThrow } from '../http/json-body.ts';
import { requireCapability } from '../http/capability.ts';
import type { RouteContext } from './route-context.ts';

const RunsQuery = v.object({
  limit: v.optional(
    v.pipe(
      v.string(),
      v.regex(/^\d+$/, 'limit must be a whole number.'),
      v.transform(Number),
      v.minValue(1, 'limit must be at least 1.'),
      v.transform((limit) => Math.min(limit, MAX_JOB_RUNS_LIMIT)),
    ),
    String(DEFAULT_JOB_RUNS_LIMIT),
  ),
});

/** The job runner's ledger for the signed-in owner's clinic (Settings → Jobs). */
export function jobRoutes({ deps }: RouteContext) {
  return new Hono<AppEnv>().get('/runs', async (c) => {
    const session = requireCapability(c, 'clinic.manage', 'see the job runs');
    const query = validOrThrow(RunsQuery, c.req.query());
    const runs = await listJobRuns(deps, session.clinic.id, query.limit);
    return c.json({ runs } satisfies JobRunsResponse);
  });
}
