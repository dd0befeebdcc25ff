import type { Deps } from '../domain/deps.ts';
import { errorForLog } from '../log.ts';
import { selectClinicZones } from '../storage/job-run-queries.ts';
import { claimRun } from './claim-run.ts';
import type { Job } from './job.ts';
import { runClaimed } from './run-claimed.ts';
import { checkCron, latestDue } from './schedule.ts';

export type JobRunner = {
  /** One pass over every clinic for every job; resolves when a pass begun after the call is over. */
  tick(): Promise<void>;
  /** Resolves when no pass is under way. */
  idle(): Promise<void>;
  /** No new runs; a job under way is told to abort (`signal`) and awaited. */
  stop(): Promise<void>;
};

/** Ten minutes: an instance that has not extended its claim for this long is taken for stopped. */
export const defaultLeaseMs = 10 * 60_000;

/**
 * Starts the job runner: at once and then every `tickMs`, for each job and clinic, the latest
 * time the job's cron names (in the clinic's zone) at or before now is claimed in the `job_runs`
 * ledger and run, unless it already was. So a run missed while the server was down happens at
 * the next start (the latest one only, not a backlog), and with several instances on one
 * database each run happens once. Each job has its own lane: a long cleanup does not hold up
 * the reminders. Within a lane clinics are run one after another.
 *
 * @example
 * const runner = startJobRunner(deps, [cleanupJob], { tickMs: config.jobTickSeconds * 1000 });
 * await runner.stop();
 */
export function startJobRunner(
  deps: Deps,
  jobs: Job[],
  options: { tickMs: number; leaseMs?: number },
): JobRunner {
  const leaseMs = options.leaseMs ?? defaultLeaseMs;
  const names = new Set<string>();
  for (const job of jobs) {
    if (names.has(job.name)) throw new Error(`two jobs are named ${job.name}`);
    names.add(job.name);
    checkCron(job.name, job.cron);
  }
  const abort = new AbortController();
  let stopped = false;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const lanes = jobs.map((job) => {
    let chain: Promise<void> = Promise.resolve();
    return {
      tick(): Promise<void> {
        const pass = chain.then(() => passOver(job));
        chain = pass;
        return pass;
      },
      idle: () => chain,
    };
  });

  /** Runs `job` for every clinic whose latest scheduled time has no finished run. Never throws. */
  async function passOver(job: Job): Promise<void> {
    if (stopped) return;
    let clinics: { id: string; timezone: string }[];
    try {
      clinics = await selectClinicZones(deps.db);
    } catch (error) {
      deps.log.error(
        { job: job.name, err: errorForLog(error) },
        'job runner could not list clinics',
      );
      return;
    }
    for (const clinic of clinics) {
      if (stopped) return;
      try {
        const now = deps.clock();
        const scheduledFor = latestDue(job.cron, clinic.timezone, now);
        if (!scheduledFor) continue;
        const run = { job: job.name, clinicId: clinic.id, scheduledFor };
        const claim = await claimRun(deps, run, now, leaseMs);
        if (claim) await runClaimed(deps, job, run, claim, { leaseMs, signal: abort.signal });
      } catch (error) {
        // The ledger could not be read or written: this clinic waits for the next pass.
        deps.log.error(
          { job: job.name, clinicId: clinic.id, err: errorForLog(error) },
          'job runner could not run a job',
        );
      }
    }
  }

  const tick = async () => {
    await Promise.all(lanes.map((lane) => lane.tick()));
  };
  const idle = async () => {
    await Promise.all(lanes.map((lane) => lane.idle()));
  };
  const schedule = () => {
    timer = setTimeout(() => {
      void tick().then(() => {
        if (!stopped) schedule();
      });
    }, options.tickMs);
    timer.unref();
  };

  void tick();
  schedule();

  return {
    tick,
    idle,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      abort.abort();
      await idle();
    },
  };
}
