/** The job runner's ledger as the owner sees it: `GET /api/jobs/runs` (Settings → Jobs). */

export const jobRunStatuses = ['running', 'done', 'failed'] as const;
export type JobRunStatus = (typeof jobRunStatuses)[number];

/** How many runs the list shows unless `?limit=` says otherwise, and the most it shows. */
export const DEFAULT_JOB_RUNS_LIMIT = 50;
export const MAX_JOB_RUNS_LIMIT = 500;

/** One run of a job for the clinic; times are ISO-8601, counts say what the run did. */
export type JobRun = {
  id: string;
  job: string;
  scheduledFor: string;
  startedAt: string;
  finishedAt: string | null;
  status: JobRunStatus;
  /** E.g. `{ "patients": 3, "objects": 12 }`; null until the run is done. */
  counts: Record<string, number> | null;
  /** Why the run failed, in words; null unless it did. */
  error: string | null;
  /** 1, or more when an instance stopped mid-run and another took the run over. */
  attempt: number;
};

export type JobRunsResponse = { runs: JobRun[] };
