import { uuidv7 } from 'uuidv7';
import type { Deps } from '../domain/deps.ts';
import {
  abandonEarlierRuns,
  claimJobRun,
  otherLiveRun,
  tryLockJob,
  type RunClaim,
} from '../storage/job-run-queries.ts';

/** One run of one job for one clinic. */
export type RunKey = { job: string; clinicId: string; scheduledFor: Date };

/**
 * Claims a run in the ledger in one short transaction, under the (job, clinic) advisory lock so
 * that instances claiming at the same moment go one at a time. Undefined when the run is done or
 * failed, another instance holds it or another run of the job for the clinic is under way.
 * The transaction ends before the job runs: requests are never queued behind a job.
 */
export async function claimRun(
  deps: Pick<Deps, 'db'>,
  run: RunKey,
  now: Date,
  leaseMs: number,
): Promise<RunClaim | undefined> {
  return deps.db.transaction(async (tx) => {
    if (!(await tryLockJob(tx, run.job, run.clinicId))) return undefined;
    if (await otherLiveRun(tx, run, now)) return undefined;
    await abandonEarlierRuns(tx, run, now);
    return claimJobRun(tx, { id: uuidv7(), ...run }, now, new Date(now.getTime() + leaseMs));
  });
}
