import type { JobRun } from '@bedside/shared';
import type { Deps } from '../domain/deps.ts';
import { selectJobRuns } from '../storage/job-run-queries.ts';

/** The last runs of the jobs for a clinic, newest first; the route lets only its owner ask. */
export async function listJobRuns(deps: Deps, clinicId: string, limit: number): Promise<JobRun[]> {
  return selectJobRuns(deps.db, clinicId, limit);
}
