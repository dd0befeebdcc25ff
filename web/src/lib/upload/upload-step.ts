import { problemCode } from '@bedside/shared';
import { isApiError, type ApiError } from '$lib/api/client';
import type { BedsideDatabase, PhotoBytes, UploadJob } from '$lib/db/database';
import { applyServerRows } from '$lib/sync/apply-pull';
import { backoffDelay } from '$lib/sync/backoff';
import { completeUpload, putBytes, PutRefused, requestUploadUrl } from './upload-http';

/** Progress is written to Dexie at most this often (about 4 times a second). */
export const PROGRESS_WRITE_MS = 250;
/** A presigned URL this close to expiry is not worth starting a PUT with. */
const EXPIRY_MARGIN_MS = 30_000;

export const BYTES_GONE_MESSAGE = 'The photo is no longer stored on this device.';

/**
 * Runs one job from the step it is at (upload-url → PUT → complete) until it is done, failed
 * for good, or must wait (a backoff, or the session ended). Every step's outcome is written to
 * the job before the next one starts, so a reload resumes from the step that was under way.
 */
export async function runUploadJob(
  database: BedsideDatabase,
  photoId: string,
  signal?: AbortSignal,
): Promise<void> {
  const stored = await database.photoBytes.get(photoId);
  if (!stored) return void (await fail(database, photoId, BYTES_GONE_MESSAGE));
  await database.uploads.update(photoId, { state: 'uploading' });
  // One quick "ask for a new URL" per run; a second in a row waits out a backoff instead.
  let freshUrlAsked = false;

  for (;;) {
    const job = await database.uploads.get(photoId);
    if (!job || job.state !== 'uploading' || signal?.aborted) return;
    let next: Partial<UploadJob>;
    try {
      next = await runStep(database, job, stored, signal);
    } catch (error) {
      if (signal?.aborted) return;
      const restart: boolean = needsNewUrl(error) && !freshUrlAsked;
      freshUrlAsked ||= restart;
      const outcome: Partial<UploadJob> = restart ? { step: 'url' } : afterFailure(job, error);
      await database.uploads.update(photoId, outcome);
      if (outcome.state && outcome.state !== 'uploading') return;
      continue;
    }
    await database.uploads.update(photoId, next);
    if (next.state === 'done') return;
  }
}

async function runStep(
  database: BedsideDatabase,
  job: UploadJob,
  stored: PhotoBytes,
  signal: AbortSignal | undefined,
): Promise<Partial<UploadJob>> {
  const ok = { attempts: 0, nextAttemptAt: null };
  if (job.step === 'url' || (job.step === 'put' && !hasUsableUrl(job))) {
    const answer = await requestUploadUrl(
      job.photoId,
      { contentType: stored.contentType, byteSize: stored.bytes.byteLength, sha256: stored.sha256 },
      signal,
    );
    // The server has these bytes already (another try got them there): nothing to send.
    if (answer.status === 'uploaded') return { ...ok, step: 'complete', url: undefined };
    const { url, headers, expiresAt } = answer.upload;
    return { ...ok, step: 'put', url, headers, urlExpiresAt: expiresAt, bytesSent: 0 };
  }
  if (job.step === 'put') {
    await putWithProgress(database, job, stored.bytes, signal);
    return { ...ok, step: 'complete', bytesSent: stored.bytes.byteLength, url: undefined };
  }
  const photo = await completeUpload(job.photoId, signal);
  await applyServerRows(database, 'photos', [photo]);
  return {
    ...ok,
    state: 'done',
    bytesSent: job.bytesTotal,
    error: null,
    url: undefined,
    headers: undefined,
    urlExpiresAt: undefined,
  };
}

function hasUsableUrl(job: UploadJob): job is UploadJob & { url: string } {
  if (!job.url || !job.urlExpiresAt) return false;
  return Date.parse(job.urlExpiresAt) - EXPIRY_MARGIN_MS > Date.now();
}

async function putWithProgress(
  database: BedsideDatabase,
  job: UploadJob,
  bytes: ArrayBuffer,
  signal: AbortSignal | undefined,
): Promise<void> {
  let lastWrite = 0;
  let pending: Promise<unknown> = Promise.resolve();
  await putBytes(
    job.url ?? '',
    job.headers ?? {},
    bytes,
    (bytesSent) => {
      const now = Date.now();
      if (now - lastWrite < PROGRESS_WRITE_MS) return;
      lastWrite = now;
      pending = database.uploads.update(job.photoId, { bytesSent });
    },
    signal,
  );
  await pending;
}

/** 409 `upload-missing`: the object never arrived in storage. */
function isUploadMissing(error: ApiError): boolean {
  return problemCode(error.problem) === 'upload-missing';
}

/** An expired or vanished upload: ask for a new URL and send the bytes again. */
function needsNewUrl(error: unknown): boolean {
  return (
    (error instanceof PutRefused && (error.status === 403 || error.status === 400)) ||
    (isApiError(error, 409) && isUploadMissing(error))
  );
}

/**
 * What a failed step leaves on the job: refused content (422) or a photo changed elsewhere
 * (409) fails for good with the server's sentence; anything else (no answer, server or storage
 * trouble, the photo not on the server yet, a lost session) retries later from the same step.
 */
function afterFailure(job: UploadJob, error: unknown): Partial<UploadJob> {
  if (isApiError(error, 422) || (isApiError(error, 409) && !isUploadMissing(error)))
    return failed(sentenceOf(error));
  const attempts = job.attempts + 1;
  const wait = backoffDelay(attempts - 1);
  return { state: 'queued', attempts, nextAttemptAt: new Date(Date.now() + wait).toISOString() };
}

function sentenceOf(error: ApiError): string {
  return error.problem.detail ?? error.problem.title;
}

function failed(message: string): Partial<UploadJob> {
  return { state: 'failed', error: message, nextAttemptAt: null };
}

async function fail(database: BedsideDatabase, photoId: string, message: string): Promise<void> {
  await database.uploads.update(photoId, failed(message));
}
