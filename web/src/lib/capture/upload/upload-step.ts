import { isApiError, type ApiError } from '$lib/api/client';
import type { BedsideDatabase, UploadJob } from '$lib/db/database';
import { applyServerRows } from '$lib/sync/apply-pull';
import { completeUpload, requestUploadUrl } from './upload-http';
import { failedWith, isUploadMissing, runUploadSteps } from './upload-steps';

export { PROGRESS_WRITE_MS } from './upload-steps';

export const BYTES_GONE_MESSAGE = 'The photo is no longer stored on this device.';

/**
 * Runs one job of this device's queue from the step it is at (upload-url → PUT → complete, see
 * `upload-steps.ts`) until it is done, failed for good, or must wait (a backoff, or the session
 * ended). The job lives in the `uploads` table; a completed upload's photo row is applied.
 */
export async function runUploadJob(
  database: BedsideDatabase,
  photoId: string,
  signal?: AbortSignal,
): Promise<void> {
  const stored = await database.photoBytes.get(photoId);
  // Evicted originals were on the server already; `evictOriginals` never drops unsent bytes.
  if (!stored || stored.evictedAt !== undefined)
    return void (await database.uploads.update(photoId, failedWith(BYTES_GONE_MESSAGE)));
  const { contentType, sha256 } = stored;
  const request = { contentType, byteSize: stored.bytes.byteLength, sha256 };
  await runUploadSteps({
    bytes: stored.bytes,
    signal,
    read: () => database.uploads.get(photoId),
    write: (changes) => database.uploads.update(photoId, changes),
    requestUrl: (_job, signal) => requestUploadUrl(photoId, request, signal),
    async complete(job, signal) {
      const photo = await completeUpload(photoId, signal);
      await applyServerRows(database, 'photos', [photo]);
      return uploaded(job);
    },
    refusedForGood,
  });
}

/** The job once the server has the photo: nothing left to send or to wait for. */
function uploaded(job: UploadJob): Partial<UploadJob> {
  return {
    state: 'done',
    attempts: 0,
    nextAttemptAt: null,
    bytesSent: job.bytesTotal,
    error: null,
    url: undefined,
    headers: undefined,
    urlExpiresAt: undefined,
  };
}

/**
 * Refused content (422) or a photo changed elsewhere (409) fails for good; anything else (no
 * answer, server or storage trouble, the photo not on the server yet, a lost session) retries
 * later from the same step.
 */
function refusedForGood(error: unknown): error is ApiError {
  return isApiError(error, 422) || (isApiError(error, 409) && !isUploadMissing(error));
}
