import type { Job } from '../../jobs/job.ts';
import type { BlobStore } from '../../storage/blobs/blob-store.ts';
import type { Db } from '../../storage/db.ts';
import { runCleanup } from './run-cleanup.ts';

/**
 * The nightly cleanup as the job runner schedules it: 03:00 in each clinic's own time zone. A run
 * taken over after an instance stopped simply runs again: `runCleanup` finishes what is left.
 */
export function cleanupJob(deps: { db: Db; blobs: BlobStore }): Job {
  return {
    name: 'cleanup',
    cron: '0 3 * * *',
    run: ({ clinicId, now }) => runCleanup(deps, { clinicId, now, dryRun: false }),
  };
}
