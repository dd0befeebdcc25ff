import type { BedsideDatabase, UploadJob } from '$lib/db/database';

/** A new job for bytes this device just stored; added in the same transaction as the photo. */
export function newUploadJob(photoId: string, bytesTotal: number): UploadJob {
  return {
    photoId,
    state: 'queued',
    step: 'url',
    attempts: 0,
    nextAttemptAt: null,
    bytesSent: 0,
    bytesTotal,
    error: null,
  };
}

/**
 * Jobs that may start now, oldest photo first: queued or interrupted mid-upload (a reload, a
 * closed tab), not waiting out a backoff, and whose `photo.create` has reached the server (the
 * upload routes answer 404 for a photo they do not know). A create the server refused keeps its
 * job waiting until the user fixes or discards it.
 */
export async function runnableJobs(
  database: BedsideDatabase,
  now: Date,
  limit: number,
  skip: ReadonlySet<string>,
): Promise<UploadJob[]> {
  if (limit <= 0) return [];
  const candidates = (
    await database.uploads.where('state').anyOf('queued', 'uploading').toArray()
  ).filter(
    (job) =>
      !skip.has(job.photoId) &&
      (job.nextAttemptAt === null || Date.parse(job.nextAttemptAt) <= now.getTime()),
  );
  candidates.sort((a, b) => (a.photoId < b.photoId ? -1 : 1));
  const runnable: UploadJob[] = [];
  for (const job of candidates) {
    if (runnable.length === limit) break;
    if (await createHasReachedServer(database, job.photoId)) runnable.push(job);
  }
  return runnable;
}

async function createHasReachedServer(
  database: BedsideDatabase,
  photoId: string,
): Promise<boolean> {
  const isCreate = (entry: { name: string }) => entry.name === 'photo.create';
  const [queued, refused] = await Promise.all([
    database.outbox.where('entityId').equals(photoId).filter(isCreate).count(),
    database.rejected.where('entityId').equals(photoId).filter(isCreate).count(),
  ]);
  return queued === 0 && refused === 0;
}

/** When the earliest job waiting out a backoff may go again; undefined when none waits. */
export async function nextWake(database: BedsideDatabase): Promise<Date | undefined> {
  const waiting = await database.uploads
    .where('state')
    .anyOf('queued', 'uploading')
    .filter((job) => job.nextAttemptAt !== null)
    .toArray();
  const times = waiting.map((job) => Date.parse(job.nextAttemptAt ?? ''));
  return times.length > 0 ? new Date(Math.min(...times)) : undefined;
}

/** Back online: jobs waiting out a backoff for the network may go at once. */
export async function retryWaitingUploads(database: BedsideDatabase): Promise<void> {
  await database.uploads
    .where('state')
    .equals('queued')
    .filter((job) => job.nextAttemptAt !== null)
    .modify({ nextAttemptAt: null });
}

/**
 * The overall progress bar covers one batch: finished jobs are forgotten once nothing is
 * queued or uploading (a photo's own state is then its `uploadedAt`). Failed jobs stay.
 */
export async function forgetFinishedBatch(database: BedsideDatabase): Promise<void> {
  await database.transaction('rw', database.uploads, async () => {
    const open = await database.uploads.where('state').anyOf('queued', 'uploading').count();
    if (open === 0) await database.uploads.where('state').equals('done').delete();
  });
}

/**
 * Starts a job again from the beginning (after the server refused the bytes, or to skip a
 * backoff): the refused object was deleted, so it asks for a new URL first.
 */
export async function restartJob(database: BedsideDatabase, photoId: string): Promise<boolean> {
  const changed = await database.uploads
    .where('photoId')
    .equals(photoId)
    .filter((job) => job.state !== 'done')
    .modify((job) => {
      Object.assign(job, {
        state: 'queued',
        attempts: 0,
        nextAttemptAt: null,
        error: null,
        ...(job.state === 'failed' && { step: 'url', bytesSent: 0 }),
      } satisfies Partial<UploadJob>);
    });
  return changed > 0;
}
