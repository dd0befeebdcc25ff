/** What a job's `run` is given: which clinic, which scheduled time, and the runner's clock. */
export type JobContext = {
  clinicId: string;
  /** The scheduled time this run is for (an instant; the cron was read in the clinic's zone). */
  scheduledFor: Date;
  /** When the run started, from the runner's clock. */
  now: Date;
  /** Aborted when the server stops: a job working in pages checks it between pages. */
  signal?: AbortSignal;
};

/** What a run did, e.g. `{ patients: 3, objects: 12 }`; the ledger and Settings → Jobs show it. */
export type JobCounts = Record<string, number>;

/**
 * A job the runner schedules for every clinic. `cron` is read in each clinic's own time zone,
 * so `'0 3 * * *'` is 03:00 local wherever the clinic is. `run` works in its own short
 * transactions; it may run again for the same time if an instance stopped mid-run, so it must
 * finish what a stopped attempt left.
 *
 * @example
 * const hello: Job = { name: 'hello', cron: '0 3 * * *', run: async () => ({ greeted: 1 }) };
 */
export type Job = {
  name: string;
  cron: string;
  run(ctx: JobContext): Promise<JobCounts>;
};
