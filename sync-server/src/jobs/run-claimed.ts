import type { Deps } from '../domain/deps.ts';
import { errorForLog } from '../log.ts';
import {
  extendLease,
  finishJobRun,
  releaseJobRun,
  type RunClaim,
} from '../storage/job-run-queries.ts';
import type { RunKey } from './claim-run.ts';
import type { Job } from './job.ts';

/**
 * Runs a claimed run's job and records how it ended: done with its counts, or failed with its
 * error. While the job works the claim's lease is extended every third of `leaseMs`, so only an
 * instance that stopped loses its run to another. A job that gives up because the server is
 * stopping (`signal` aborted) hands the run back unfinished for the next runner to take over.
 */
export async function runClaimed(
  deps: Deps,
  job: Job,
  run: RunKey,
  claim: RunClaim,
  options: { leaseMs: number; signal: AbortSignal },
): Promise<void> {
  const { db, clock, log } = deps;
  const about = {
    job: run.job,
    clinicId: run.clinicId,
    scheduledFor: run.scheduledFor.toISOString(),
    attempt: claim.attempt,
  };
  const renew = setInterval(() => {
    extendLease(db, claim, new Date(clock().getTime() + options.leaseMs)).catch((error: unknown) =>
      log.warn({ ...about, err: errorForLog(error) }, 'job lease not extended'),
    );
  }, options.leaseMs / 3);
  renew.unref();
  try {
    let outcome: Parameters<typeof finishJobRun>[2];
    try {
      const counts = await job.run({
        clinicId: run.clinicId,
        scheduledFor: run.scheduledFor,
        now: clock(),
        signal: options.signal,
      });
      outcome = { status: 'done', counts };
    } catch (error) {
      if (options.signal.aborted) {
        await releaseJobRun(
          db,
          claim,
          clock(),
          'The server stopped during this run; it goes on at the next start.',
        );
        log.info(about, 'job stopped with the server; the next runner takes it over');
        return;
      }
      log.error({ ...about, err: errorForLog(error) }, 'job failed');
      const { message } = errorForLog(error);
      outcome = {
        status: 'failed',
        error: typeof message === 'string' && message ? message : 'The job failed.',
      };
    }
    const recorded = await finishJobRun(db, claim, outcome, clock());
    if (!recorded) log.warn(about, 'job finished after another instance took its run over');
    else if (outcome.status === 'done') log.info({ ...about, counts: outcome.counts }, 'job done');
  } finally {
    clearInterval(renew);
  }
}
