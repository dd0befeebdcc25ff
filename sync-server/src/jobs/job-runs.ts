import { makeProblem, type JobRun, type Me } from '@bedside/shared';
import type { Deps, Result } from '../domain/deps.ts';
import { selectJobRuns } from '../storage/job-run-queries.ts';

/** The last runs of the jobs for the member's own clinic, newest first; only an owner may look. */
export async function listJobRuns(
  deps: Deps,
  member: Me,
  limit: number,
): Promise<Result<JobRun[]>> {
  if (member.user.role !== 'owner') {
    return {
      ok: false,
      problem: makeProblem('forbidden', 403, 'Only the clinic owner can see the job runs.'),
    };
  }
  return { ok: true, value: await selectJobRuns(deps.db, member.clinic.id, limit) };
}
